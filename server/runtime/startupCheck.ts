import { anchorKeyFromEnv } from '../../adapters/auditAnchors';
import { keyRingFromEnv } from '../../adapters/crypto/secretBox';
import { tencentSmsConfigFromEnv } from '../../adapters/sms/tencentSms';
import { declaredTemplates } from '../../core/notifications/areas';
import { isCloudRuntime } from './cloudIdentity';
import { isDevTemplateId } from './config';
import { NOTIFICATION_AREAS } from './notificationAreas';

/**
 * What each deployed function needs from its environment. One table: the start-up check below reads
 * it, and so does `functionEnvironment` (deploy/config.ts), which writes those variables at deploy time.
 * A new function adds its row (tests/build/deployConfig.test.ts checks every function has one).
 */
export interface FunctionNeeds {
  /** PII_KEYS + PII_KEY_CURRENT (or the older PII_KEY): opens personal data. */
  pii: boolean;
  /** SMS_*: sends binding and export codes. */
  sms: boolean;
  /** TPL_*: the subscribe-message template ids (sends them, or accepts subscription reports for them). */
  templates: boolean;
  /** MINIPROGRAM_STATE: which version of the mini-program a push opens. */
  miniprogramState: boolean;
  /** AUDIT_ANCHOR_KEY: signs the audit checkpoints' anchors (slaMonitor) or verifies them (admin). */
  auditAnchor?: boolean;
}

export const FUNCTION_NEEDS: Record<string, FunctionNeeds> = {
  // Verifies the audit anchors pasted from slaMonitor's log (audit/verify).
  admin: { pii: true, sms: false, templates: false, miniprogramState: false, auditAnchor: true },
  // Seals phone, ID and card numbers members type into complaint texts, and opens them for the member.
  complaints: { pii: true, sms: false, templates: false, miniprogramState: false },
  members: { pii: true, sms: true, templates: true, miniprogramState: false },
  // Seals phone, ID and card numbers members type into consultation texts, and opens them for the member.
  consultations: { pii: true, sms: false, templates: false, miniprogramState: false },
  // 会员权益: reads the member record's masks only, never sealed personal data; pushes go through the outbox.
  benefits: { pii: false, sms: false, templates: false, miniprogramState: false },
  // 理赔: opens the insured persons' names for their own policyholder (the policy picker).
  claims: { pii: true, sms: false, templates: false, miniprogramState: false },
  notify: { pii: false, sms: false, templates: true, miniprogramState: true },
  // Seals the register's personal data when it applies an admin-page import job (core/members/importJobs.ts).
  // Also writes the audit checkpoints and signs their anchors into its log (core/audit/anchor.ts).
  slaMonitor: { pii: true, sms: false, templates: false, miniprogramState: false, auditAnchor: true },
  // 导出任务 (季度报告 XLSX): reads counts only (rollups, incidents, reach), never sealed personal data.
  jobs: { pii: false, sms: false, templates: false, miniprogramState: false },
};

export const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const;

/** Every problem with the function's configuration, each an English sentence naming the setting. */
export const startupProblems = (fn: string, env: Record<string, string | undefined>): string[] => {
  const needs = FUNCTION_NEEDS[fn];
  if (!needs) return [`no configuration is declared for a function named ${fn} (server/runtime/startupCheck.ts FUNCTION_NEEDS)`];
  const problems: string[] = [];
  if (needs.templates)
    for (const d of Object.values(declaredTemplates(NOTIFICATION_AREAS))) {
      const id = env[d.envVar]?.trim();
      if (!id) problems.push(`${d.envVar} is not set: put the id of the template "${d.title}" from the WeChat console (README, Configuration)`);
      else if (isDevTemplateId(id)) problems.push(`${d.envVar} is the development id ${id}: put the id of the template "${d.title}" from the WeChat console`);
    }
  const attempt = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  };
  if (needs.pii) attempt(() => keyRingFromEnv(env));
  if (needs.sms) attempt(() => tencentSmsConfigFromEnv(env));
  // Unanchored checkpoints would let a rewritten chain tail verify: refuse to start rather than log it each run.
  if (needs.auditAnchor)
    attempt(() => {
      if (!anchorKeyFromEnv(env)) throw new Error('AUDIT_ANCHOR_KEY is not set: the base64 of at least 32 random bytes (openssl rand -base64 32), a key of its own (README, Audit)');
    });
  if (needs.miniprogramState && !MINIPROGRAM_STATES.includes(env.MINIPROGRAM_STATE as never))
    problems.push(`MINIPROGRAM_STATE is ${env.MINIPROGRAM_STATE ? `"${env.MINIPROGRAM_STATE}"` : 'not set'}: set it to ${MINIPROGRAM_STATES.join(', ')}`);
  return problems;
};

/**
 * Called first by each function's index.ts: inside CloudBase, a function missing a setting or still on
 * a development template id refuses to start, with one message naming every setting to fix, instead
 * of coming up and failing members one request at a time. Locally (tests, the gateway) it does nothing.
 */
export const assertStartable = (fn: string, env: Record<string, string | undefined> = process.env): void => {
  if (!isCloudRuntime(env as NodeJS.ProcessEnv)) return;
  const problems = startupProblems(fn, env);
  if (problems.length) throw new Error(`the ${fn} function refuses to start: ${problems.join('; ')}`);
};
