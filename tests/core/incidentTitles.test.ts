import { manualTitleOf, summaryOf } from '../../core/incidents/counts';
import type { Incident } from '../../core/incidents/model';

const LONG = '外勤人员遗失一台已加密的工作平板，设备已远程锁定，正在核查是否缓存会员资料。';

describe('an incident title cut from its description says so', () => {
  it('a hand-recorded title carries the first 30 characters and "…" only when it cut something', () => {
    expect(manualTitleOf('deviceLoss', LONG)).toBe(`设备或介质丢失：${[...LONG].slice(0, 30).join('')}…`);
    expect(manualTitleOf('deviceLoss', '平板遗失，已远程锁定。')).toBe('设备或介质丢失：平板遗失，已远程锁定。');
  });

  it('titles stored before the mark was added get it in the list; derived titles are left as written', () => {
    const stored = { id: 'inc-1', kind: 'deviceLoss', source: 'manual', status: 'open', severity: 'high', occurredAt: '2026-11-20T02:00:00.000Z', description: LONG, version: 1 } as unknown as Incident;
    const old = `设备或介质丢失：${[...LONG].slice(0, 30).join('')}`;
    expect(summaryOf({ ...stored, title: old }).title).toBe(`${old}…`);
    expect(summaryOf({ ...stored, title: manualTitleOf('deviceLoss', LONG) }).title).toBe(manualTitleOf('deviceLoss', LONG));
    expect(summaryOf({ ...stored, source: 'derived', title: '登录失败激增：198.51.*.*' }).title).toBe('登录失败激增：198.51.*.*');
  });
});
