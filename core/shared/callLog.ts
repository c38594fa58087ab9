/**
 * 通话记录 (seed 002 §八: the service process is recorded): staff log a call on a complaint, consultation or
 * claim — when, how long, which way, a summary, and the call system's recording reference if it gives one.
 * Recordings stay in the call system; the record keeps the reference. The summary is staff's own words: any
 * ID, phone or card number in it is masked before it is stored (a summary is no place for one).
 */
import { DomainError } from './errors';
import { maskPersonalText } from './personalText';
import { formatShanghai } from './shanghaiTime';

export const CALL_DIRECTIONS = { inbound: '来电', outbound: '去电' } as const;

/** How far back a call may be logged: a call is logged the day it happens, or soon after. */
export const CALL_MAX_AGE_DAYS = 30;

export interface CallRecord {
  calledAt: string;
  durationSeconds: number;
  direction: keyof typeof CALL_DIRECTIONS;
  summary: string;
  recordingRef?: string;
}

export const callErrors = {
  inFuture: () => new DomainError('CALL.IN_FUTURE', '通话时间不能晚于现在', 'call logged in the future'),
  tooOld: (days: number) => new DomainError('CALL.TOO_OLD', `只能登记${days}天内的通话`, 'call older than the logging window', { days }),
};

/** A time without an offset is Shanghai wall time (staff type what their clock shows). */
export const shanghaiInstant = (s: string): string => (/(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}+08:00`);

/** The call as stored: checked against now, the time normalised, the summary masked. */
export const callRecordOf = (input: CallRecord, now: Date): CallRecord => {
  const at = Date.parse(shanghaiInstant(input.calledAt));
  if (at > now.getTime() + 60_000) throw callErrors.inFuture();
  if (at < now.getTime() - CALL_MAX_AGE_DAYS * 86_400_000) throw callErrors.tooOld(CALL_MAX_AGE_DAYS);
  return {
    calledAt: new Date(at).toISOString(),
    durationSeconds: input.durationSeconds,
    direction: input.direction,
    summary: maskPersonalText(input.summary).text,
    ...(input.recordingRef ? { recordingRef: input.recordingRef } : {}),
  };
};

const duration = (s: number) => (s >= 60 ? `${Math.floor(s / 60)}分${s % 60 ? `${s % 60}秒` : ''}` : `${s}秒`);

/** The timeline line: 来电 2026-11-20 14:05，时长 3分20秒：… （录音 REC-1）. */
export const callText = (c: CallRecord) =>
  `${CALL_DIRECTIONS[c.direction]} ${formatShanghai(new Date(c.calledAt))}，时长 ${duration(c.durationSeconds)}：${c.summary}${c.recordingRef ? `（录音 ${c.recordingRef}）` : ''}`;
