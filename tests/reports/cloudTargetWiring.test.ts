import { CLOUDBASE_COLLECTIONS } from '../../adapters/cloudbase/collections';
import { lastEndedQuarter } from '../../core/reports/quarter';
import { quarterlyReport } from '../../core/reports/quarterly';
import { setReportTarget } from '../../core/reports/targetSettings';
import { cloudQuarterly } from '../../server/runtime/cloudQuarterly';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';

/**
 * The cloud wiring (server/runtime/cloudQuarterly.ts, shared by the admin function and the jobs
 * function that builds the XLSX): a target set through one is the target the other's report shows.
 */
describe('report targets on the cloud wiring', () => {
  it('the admin side sets it, the jobs side reads the same confirmed target', async () => {
    const db = new CloudbaseDatabaseFake({ collections: CLOUDBASE_COLLECTIONS });
    const app = {} as never;
    const admin = cloudQuarterly(db, app).quarterly;
    const jobs = cloudQuarterly(db, app).quarterly;
    const quarter = lastEndedQuarter(new Date());
    await setReportTarget(admin, { id: 'staff-comp-01', role: 'compliance', name: '孙合规' }, { year: Number(quarter.slice(0, 4)), key: 'satisfaction', percent: 95, basis: '行业协会公布的同业平均满意度为93%', expectedVersion: 0 });
    const line = (await quarterlyReport(jobs, { quarter })).metrics.find((m) => m.key === 'satisfaction')!;
    expect(line.target).toMatchObject({ confirmed: true, confirmation: { version: 1, by: '孙合规' } });
    expect(line.target!.text).toMatch(/^≥ 95%（合规确认：行业协会公布的同业平均满意度为93%；\d{4}-\d{2}-\d{2}）$/);
  });
});
