import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  configProblems,
  EXAMPLE_FILE,
  functionEnvironment,
  GENERATED_FILE,
  localConfig,
  miniprogramConfigSource,
  parseDeployConfig,
  templateTable,
  type DeployConfig,
} from '../../deploy/config';
import { functionNames } from '../../scripts/buildFunctions';
import { declaredTemplates } from '../../core/notifications/areas';
import { NOTIFICATION_AREAS } from '../../server/runtime/notificationAreas';
import { assertStartable, FUNCTION_NEEDS, startupProblems } from '../../server/runtime/startupCheck';

const ROOT = path.resolve(__dirname, '../..');
const example = () => JSON.parse(fs.readFileSync(EXAMPLE_FILE, 'utf8'));
/** The example with every placeholder filled in, as an operator would. */
const filled = (): DeployConfig => {
  const c = example();
  c.envId = 'member-service-prod-1a2b3c';
  c.templates['complaints.progress'].id = 'Qx1Ab2Cd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2Wx3Yz';
  c.templates['complaints.result'].id = 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7Zy';
  // Every other area's templates, as an operator copies their ids from the console.
  for (const [key, t] of Object.entries(c.templates as Record<string, { id: string }>))
    if (t.id.startsWith('<REPLACE')) t.id = `Tp${crypto.createHash('sha256').update(key).digest('hex').slice(0, 41)}`;
  c.sms = { sdkAppId: '1400123456', signName: '会员服务', templateId: '1234567', region: 'ap-guangzhou', templateParams: 'code,minutes' };
  return parseDeployConfig(c);
};
const SECRETS = {
  PII_KEYS: `k1:${crypto.randomBytes(32).toString('base64')},k2:${crypto.randomBytes(32).toString('base64')}`,
  PII_KEY_CURRENT: 'k2',
  SMS_SECRET_ID: 'AKIDexample',
  SMS_SECRET_KEY: 'secret-example',
  AUDIT_ANCHOR_KEY: crypto.randomBytes(32).toString('base64'),
};
const CLOUD = { TENCENTCLOUD_RUNENV: 'SCF' };

describe('the deployment configuration (deploy/config.json)', () => {
  it('has an example whose only problems are its marked placeholders', () => {
    const problems = configProblems(example());
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(/REPLACE/);
    expect(() => filled()).not.toThrow();
  });

  it('refuses, naming the setting, development template ids in cloud mode, keywords other than the code fills, and templates nobody declares', () => {
    const c = filled();
    expect(configProblems({ ...c, templates: { ...c.templates, 'complaints.result': { ...c.templates['complaints.result'], id: 'dev-tpl-complaint-result' } } })).toEqual([
      'templates.complaints.result.id is dev-tpl-complaint-result: in cloud mode put the template id from the WeChat console',
    ]);
    expect(configProblems({ ...c, templates: { ...c.templates, 'complaints.progress': { ...c.templates['complaints.progress'], keywords: ['thing1', 'time2'] } } })[0]).toMatch(
      /^templates\.complaints\.progress\.keywords are thing1, time2 but the code fills character_string1, thing2, phrase3, time4, thing5/,
    );
    expect(configProblems({ ...c, templates: { ...c.templates, 'claims.progress': { id: 'x', keywords: [] } } })).toEqual(['templates.claims.progress is not a template any area declares']);
    const { ['complaints.result']: _gone, ...fewer } = c.templates;
    expect(configProblems({ ...c, templates: fewer })[0]).toMatch(/^templates\.complaints\.result is missing: the id of "投诉处理结果通知" \(TPL_COMPLAINT_RESULT\)/);
    expect(() => parseDeployConfig({ ...c, mode: 'prod' })).toThrow(/deploy\/config.json is invalid: mode/);
    // Local mode runs on development ids.
    expect(configProblems(localConfig())).toEqual([]);
  });

  it('gives the mini-program the cloud environment and no local gateway in cloud mode', () => {
    const cloud = miniprogramConfigSource(filled());
    expect(cloud).toContain('"mode": "cloud"');
    expect(cloud).toContain('"cloudEnv": "member-service-prod-1a2b3c"');
    expect(cloud).not.toContain('127.0.0.1');
    expect(cloud).toContain('Qx1Ab2Cd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2Wx3Yz');
  });

  it('keeps the committed miniprogram/config.generated.ts the local one (run npm run configure without deploy/config.json before committing)', () => {
    expect(fs.readFileSync(GENERATED_FILE, 'utf8')).toBe(miniprogramConfigSource(localConfig()));
  });

  it('gives each function the environment its start-up check asks for, and nothing else', () => {
    expect(Object.keys(FUNCTION_NEEDS).sort()).toEqual(functionNames());
    const env = functionEnvironment(filled(), SECRETS);
    // Every template an area declares: members accepts subscription reports for them, notify sends them.
    const templateVars = Object.values(declaredTemplates(NOTIFICATION_AREAS)).map((d) => d.envVar);
    expect(templateVars).toEqual(expect.arrayContaining(['TPL_COMPLAINT_PROGRESS', 'TPL_COMPLAINT_RESULT', 'TPL_CONSULT_ANSWERED', 'TPL_BENEFIT_BOOKED', 'TPL_CLAIM_DECISION']));
    expect(Object.keys(env.members).sort()).toEqual(
      ['PII_KEYS', 'PII_KEY_CURRENT', 'SMS_REGION', 'SMS_SDK_APP_ID', 'SMS_SECRET_ID', 'SMS_SECRET_KEY', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID', 'SMS_TEMPLATE_PARAMS', ...templateVars].sort(),
    );
    // The anchor key on the function that signs checkpoint anchors and the one that verifies them, no other.
    expect(env.admin).toEqual({ PII_KEYS: SECRETS.PII_KEYS, PII_KEY_CURRENT: 'k2', AUDIT_ANCHOR_KEY: SECRETS.AUDIT_ANCHOR_KEY });
    expect(env.slaMonitor.AUDIT_ANCHOR_KEY).toBe(SECRETS.AUDIT_ANCHOR_KEY);
    expect(Object.keys(env).filter((fn) => 'AUDIT_ANCHOR_KEY' in env[fn]).sort()).toEqual(['admin', 'slaMonitor']);
    expect(Object.keys(env.notify).sort()).toEqual([...templateVars, 'MINIPROGRAM_STATE'].sort());
    expect(env.notify).toMatchObject({ TPL_COMPLAINT_PROGRESS: 'Qx1Ab2Cd3Ef4Gh5Ij6Kl7Mn8Op9Qr0St1Uv2Wx3Yz', TPL_COMPLAINT_RESULT: 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7Zy', MINIPROGRAM_STATE: 'formal' });
    // It seals personal numbers members type into complaint texts (core/complaints/personalTexts.ts).
    expect(env.complaints).toEqual({ PII_KEYS: SECRETS.PII_KEYS, PII_KEY_CURRENT: 'k2' });
    for (const fn of functionNames()) expect([fn, startupProblems(fn, env[fn])]).toEqual([fn, []]);
    // A single older PII_KEY is carried over as it is.
    expect(functionEnvironment(filled(), { ...SECRETS, PII_KEYS: undefined, PII_KEY_CURRENT: undefined, PII_KEY: 'b2xk' }).admin).toEqual({ PII_KEY: 'b2xk', AUDIT_ANCHOR_KEY: SECRETS.AUDIT_ANCHOR_KEY });
  });

  it('refuses to produce a cloud deployment without its secrets, naming them', () => {
    expect(() => functionEnvironment(filled(), {})).toThrow('cannot deploy in cloud mode: set PII_KEYS, AUDIT_ANCHOR_KEY, SMS_SECRET_ID, SMS_SECRET_KEY in the environment of the deploy command (never in a file)');
  });

  it('lists in the README the templates to apply for, with their keywords and events, as the code declares them', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(templateTable());
  });
});

describe('start-up check (server/runtime/startupCheck.ts)', () => {
  it('does nothing outside CloudBase', () => {
    expect(() => assertStartable('members', {})).not.toThrow();
  });

  it('in CloudBase, refuses to start a function with development template ids or missing keys, naming each setting', () => {
    expect(() => assertStartable('notify', { ...CLOUD, TPL_COMPLAINT_PROGRESS: 'dev-tpl-complaint-progress', MINIPROGRAM_STATE: 'formal' })).toThrow(
      'the notify function refuses to start: TPL_COMPLAINT_PROGRESS is the development id dev-tpl-complaint-progress: put the id of the template "投诉进度通知" from the WeChat console; ' +
        'TPL_COMPLAINT_RESULT is not set: put the id of the template "投诉处理结果通知" from the WeChat console (README, Configuration)',
    );
    expect(() => assertStartable('admin', CLOUD)).toThrow(/^the admin function refuses to start: PII_KEYS \(or the older single PII_KEY\) is not set/);
    // Without the anchor key a recomputed chain tail would verify: the signing and verifying functions refuse to start.
    const withKeys = { ...CLOUD, PII_KEYS: SECRETS.PII_KEYS, PII_KEY_CURRENT: 'k2' };
    expect(() => assertStartable('slaMonitor', withKeys)).toThrow(/^the slaMonitor function refuses to start: AUDIT_ANCHOR_KEY is not set/);
    expect(() => assertStartable('admin', { ...withKeys, AUDIT_ANCHOR_KEY: 'c2hvcnQ=' })).toThrow(/AUDIT_ANCHOR_KEY must be the base64 of at least 32 bytes/);
    expect(() => assertStartable('slaMonitor', { ...withKeys, AUDIT_ANCHOR_KEY: SECRETS.AUDIT_ANCHOR_KEY })).not.toThrow();
    const members = () => assertStartable('members', { ...CLOUD, ...functionEnvironment(filled(), SECRETS).members, SMS_SECRET_KEY: '' });
    expect(members).toThrow(/^the members function refuses to start: Tencent Cloud SMS is not configured: set SMS_SECRET_KEY/);
    expect(() => assertStartable('notify', { ...CLOUD, ...functionEnvironment(filled(), SECRETS).notify, MINIPROGRAM_STATE: 'prod' })).toThrow(
      'the notify function refuses to start: MINIPROGRAM_STATE is "prod": set it to developer, trial, formal',
    );
    expect(() => assertStartable('complaints', CLOUD)).toThrow(/^the complaints function refuses to start: PII_KEYS \(or the older single PII_KEY\) is not set/);
    expect(() => assertStartable('complaints', { ...CLOUD, ...functionEnvironment(filled(), SECRETS).complaints })).not.toThrow();
    expect(() => assertStartable('members', { ...CLOUD, ...functionEnvironment(filled(), SECRETS).members })).not.toThrow();
  });
});
