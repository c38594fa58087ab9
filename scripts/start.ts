/**
 * npm start: the whole system on this machine — the gateway serving every cloud function's handler
 * over HTTP on the embedded SQLite store, demo data on first run, and what to open printed below.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createGateway } from '../server/local/gateway/gateway';
import { DEMO_MEMBERS, seedDemoBenefits, seedDemoData, seedDemoEducation, seedDemoMembers } from '../server/local/demoData';
import { seedDemoEarlyWarning } from '../server/local/demoData';
import { sqliteComplaintDrill } from '../adapters/sqlite/complaintDrill';
import { seedDemoClaims, seedDemoConsultations, seedDemoLedger } from '../server/local/demoData';
import { seedDemoIncidents } from '../server/local/demoData';
import { seedDemoQuality } from '../server/local/demoData';
import { localSystem } from '../server/local/localSystem';
import { knownTemplateIds } from '../server/runtime/config';
import { jsonLogger } from '../server/runtime/log';
import { devTokens } from '../server/local/gateway/devTokens';
import { adminHttp } from '../server/runtime/adminHttp';
import { buildAdmin } from './buildAdmin';
import { DEMO_PASSWORD, DEMO_STAFF, seedDemoStaff } from '../server/local/demoStaff';
import { dispatchOutbox } from '../core/notifications/dispatcher';
import { runGuardedDeadlineTimer } from '../core/deadlines/clockGuard';
import { continueRecompute } from '../core/calendar/recompute';
import { checkpointAudit } from '../core/audit/checkpoint';
import { sha256 } from '../adapters/hash';
import { runImportJobs } from '../core/members/importJobs';
import { pruneSignInGuard } from '../core/staff/throttle';
import { jobDeps } from '../core/members/staffMembers';
import { sweepOrphanUploads } from '../core/shared/orphanUploads';
import { DataFolderError, dataFolderProblem, prepareDataFolder } from '../server/local/dataFolder';

/** The store in the data folder; a folder SQLite cannot open or write there is the same one line. */
const openLocalSystem = (dataDir: string) => {
  try {
    return localSystem({ dataDir });
  } catch (e) {
    throw dataFolderProblem(dataDir, e) ?? e;
  }
};

const main = async () => {
  const dataDir = path.resolve(process.env.DATA_DIR ?? 'data');
  const port = Number(process.env.PORT ?? 8787);
  // The folder, 0700, and a per-checkout secret for dev sign-in tokens kept in it (never committed).
  // A folder that cannot be written is one clear line and exit 1 (server/local/dataFolder.ts).
  const { devSecret } = prepareDataFolder(dataDir);

  const system = openLocalSystem(dataDir);
  // As if the demo members had tapped "accept" on the subscribe prompt a few times.
  if ((await system.complaints.store.listByMember(DEMO_MEMBERS[0].openid, { limit: 1 })).items.length === 0)
    for (const m of DEMO_MEMBERS)
      for (const id of knownTemplateIds()) for (let i = 0; i < 5; i++) await system.subscriptions.subscriptions.grant(m.openid, id, new Date());
  const seeded = await seedDemoData(system.complaints);
  await seedDemoMembers(system.members, fs.readFileSync(path.resolve(__dirname, 'samples/policy-register-demo.csv'), 'utf8'));
  await seedDemoBenefits(system.benefits);
  await seedDemoEducation(system.admin.education!);
  await seedDemoConsultations(system.consultations);
  await seedDemoClaims(system.claims, system.admin.claims!);
  await seedDemoIncidents(system.admin.incidents!, system.admin.audit as never);
  // The secrets stay sealed in the database: the start-up text says how to get a code, never a secret.
  await seedDemoStaff(system.admin);
  // 整改台账 demo: after the staff, whom its items are given to.
  await seedDemoLedger(system.admin.ledger!, system.complaints);
  // 服务质检 demo: after the staff and the ledger (a failed score opens an improvement item).
  await seedDemoQuality(system.complaints, system.admin);
  // 风险预警 demo: a made spike in last week's 保费扣缴 complaints (server/local/demoData.ts).
  await seedDemoEarlyWarning(system.complaints, system.admin.earlyWarning!.alerts, sqliteComplaintDrill(system.db), sha256);
  const log = jsonLogger({ svc: 'gateway' });
  const { outDir: staticDir } = await buildAdmin();
  const server = createGateway({
    system,
    devSecret,
    log,
    // Member submits on a SQLite writer thread of their own: on a quiet 2-core machine 3,379 vs 2,763 submits/s (README, Performance).
    writerThread: true,
    extraRoutes: adminHttp({ deps: system.admin, staticDir, secureCookies: false, log }),
  });
  // What the timer-triggered functions do in the cloud, on a local timer: drain the outbox, scan SLAs.
  const every = (ms: number, job: () => Promise<unknown>, name: string) =>
    setInterval(() => job().catch((e) => log.error(`${name} failed`, { error: String(e) })), ms).unref();
  every(3000, () => dispatchOutbox(system.notify), 'notify');
  // Behind the clock guard: a jump or a long pause holds automatic escalations and alerts supervisors.
  const deadlines = () => runGuardedDeadlineTimer(system.deadlineGuard, system.deadlineWatches);
  // Each run that writes checkpoints signs the newest into data/audit-anchors.log and prints it (core/audit/anchor.ts).
  const anchors = system.admin.auditAnchors!;
  const anchor = { sign: anchors.sign, sink: anchors.sink!, print: (a: object) => log.info('audit anchor', { anchor: a }) };
  const auditCheckpoint = () =>
    checkpointAudit(system.admin.audit, { now: system.clock.now(), hash: sha256, anchor }).then((r) => {
      if (r.anchorError) log.error('audit anchor failed', { error: r.anchorError });
      return r;
    });
  // The register import jobs of the admin page (core/members/importJobs.ts): a bounded slice per run.
  const importJobs = () => runImportJobs(jobDeps(system.admin));
  // Uploads no record of any area took within 24 hours (core/shared/orphanUploads.ts): a bounded slice per run.
  const orphanUploads = () => sweepOrphanUploads({ uploads: system.files.sweep, areas: system.attachmentAreas, clock: system.clock });
  // Sign-in counters, markers and TOTP steps nobody wrote to in 90 days (core/staff/throttle.ts).
  const signInGuard = () => pruneSignInGuard(system.admin.signIn, system.clock.now());
  // The `jobs` function's work (export jobs such as the 季度报告 XLSX, then the settled quarter frozen), in-process.
  every(5000, () => system.jobsTick(), 'jobs');
  every(60_000, () => continueRecompute(system.sla.holidays).then(deadlines).then(auditCheckpoint).then(importJobs).then(orphanUploads).then(signInGuard), 'slaMonitor');
  await dispatchOutbox(system.notify);
  await deadlines();

  server.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EADDRINUSE') throw e;
    console.error(`Port ${port} on 127.0.0.1 is already in use (another npm start?). Stop it, or choose another port: PORT=8788 npm start`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    const base = `http://127.0.0.1:${port}`;
    const tokens = devTokens(devSecret);
    const lines = [
      '',
      `会员服务 local system is running${seeded ? ' (demo data seeded)' : ''}`,
      `  gateway       ${base}/api/<function>   (POST {"action", "data"})`,
      `  health        ${base}/healthz`,
      `  admin page    ${base}/admin/`,
      `  data folder   ${dataDir}`,
      '',
      '  Mini-program: open this folder in WeChat DevTools; miniprogram/config.ts points at the gateway.',
      '  Demo members (dev sign-in, POST /dev/login {"openid"}):',
      ...DEMO_MEMBERS.map((m) => `    ${m.name}  openid=${m.openid}  token=${tokens.issue(m.openid).slice(0, 24)}…`),
      '',
      `  Demo staff: ${DEMO_STAFF.map((s) => s.username).join(', ')}  (password ${DEMO_PASSWORD})`,
      `    then the 6-digit sign-in code: ${process.env.DATA_DIR ? `DATA_DIR=${process.env.DATA_DIR} ` : ''}npm run totp -- <user>   (in another terminal, e.g. for agent01)`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  });
};

main().catch((e) => {
  process.stderr.write(e instanceof DataFolderError ? `${e.message}\n` : `${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
