import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { declaredTemplates, type NotificationArea } from '../core/notifications/areas';
import { devTemplateId, isDevTemplateId } from '../server/runtime/config';
import { NOTIFICATION_AREAS } from '../server/runtime/notificationAreas';
import { FUNCTION_NEEDS, MINIPROGRAM_STATES } from '../server/runtime/startupCheck';

/**
 * The one configuration source of a deployment (README, Configuration): `deploy/config.json`, not in
 * git (copy `deploy/config.example.json`). `npm run configure` writes the mini-program's generated
 * values from it (miniprogram/config.generated.ts); `functionEnvironment` turns it, with the secrets
 * from the operator's environment, into each cloud function's environment variables (for the deploy
 * command). Which templates exist and which keywords each has come from the areas' declarations
 * (core/notifications/areas.ts): the file must list exactly those, so a template applied for with
 * other keywords is caught here, not by WeChat error 47003 in production.
 */
export const ROOT = path.resolve(__dirname, '..');
export const CONFIG_FILE = path.join(ROOT, 'deploy', 'config.json');
export const EXAMPLE_FILE = path.join(ROOT, 'deploy', 'config.example.json');
export const GENERATED_FILE = path.join(ROOT, 'miniprogram', 'config.generated.ts');
export const LOCAL_GATEWAY = 'http://127.0.0.1:8787';

/** Marks a value the operator must replace (the example file is full of them). */
const isPlaceholder = (v: string) => /[<>]|REPLACE/i.test(v);

const templateSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The keyword keys in order, as the console shows them after applying (thing2, phrase3 …). */
  keywords: z.array(z.string().check(z.regex(/^[a-z_]+\d+$/))),
});

export const deployConfigSchema = z.strictObject({
  /** The CloudBase environment id (云开发环境 ID). */
  envId: z.string().check(z.minLength(1), z.maxLength(64)),
  mode: z.enum(['local', 'cloud']),
  /** Which mini-program version a push opens: developer | trial | formal. */
  miniprogramState: z.enum(MINIPROGRAM_STATES),
  /** By `<area>.<template>` (core/notifications/areas.ts declaredTemplates). */
  templates: z.record(z.string(), templateSchema),
  /** The non-secret Tencent Cloud SMS settings; SMS_SECRET_ID / SMS_SECRET_KEY come from the environment. */
  sms: z.optional(
    z.strictObject({
      sdkAppId: z.string(),
      signName: z.string(),
      templateId: z.string(),
      region: z.string(),
      templateParams: z._default(z.string(), 'code,minutes'),
    }),
  ),
});
export type DeployConfig = z.output<typeof deployConfigSchema>;

/** Every problem with a configuration against the code's declarations, each naming the setting. */
export const configProblems = (config: DeployConfig, areas: readonly NotificationArea[] = NOTIFICATION_AREAS): string[] => {
  const problems: string[] = [];
  const declared = declaredTemplates(areas);
  for (const [key, d] of Object.entries(declared)) {
    const t = config.templates[key];
    if (!t) {
      problems.push(`templates.${key} is missing: the id of "${d.title}" (${d.envVar}) and its keywords ${Object.keys(d.keywords).join(', ')}`);
      continue;
    }
    const want = Object.keys(d.keywords);
    if (t.keywords.join(',') !== want.join(','))
      problems.push(`templates.${key}.keywords are ${t.keywords.join(', ') || 'empty'} but the code fills ${want.join(', ')}: apply for "${d.title}" with those keywords, in that order`);
    if (config.mode === 'cloud' && (isDevTemplateId(t.id) || isPlaceholder(t.id)))
      problems.push(`templates.${key}.id is ${t.id}: in cloud mode put the template id from the WeChat console`);
  }
  for (const key of Object.keys(config.templates)) if (!declared[key]) problems.push(`templates.${key} is not a template any area declares`);
  if (config.mode === 'cloud') {
    if (isPlaceholder(config.envId)) problems.push(`envId is ${config.envId}: put the CloudBase environment id`);
    if (!config.sms) problems.push('sms is missing: cloud mode sends binding codes through Tencent Cloud SMS');
    else for (const [k, v] of Object.entries(config.sms)) if (!v || isPlaceholder(v)) problems.push(`sms.${k} is ${v || 'empty'}: put the value from the SMS console`);
  }
  return problems;
};

export const parseDeployConfig = (raw: unknown, source = 'deploy/config.json'): DeployConfig => {
  // zod/mini carries no messages of its own: the operator reads English ones, for this parse only.
  const parsed = deployConfigSchema.safeParse(raw, { error: z.locales.en().localeError });
  if (!parsed.success) throw new Error(`${source} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const problems = configProblems(parsed.data);
  if (problems.length) throw new Error(`${source} is invalid: ${problems.join('; ')}`);
  return parsed.data;
};

/** What a checkout without deploy/config.json runs on: the local gateway and development template ids. */
export const localConfig = (): DeployConfig => ({
  envId: 'local',
  mode: 'local',
  miniprogramState: 'developer',
  templates: Object.fromEntries(Object.entries(declaredTemplates(NOTIFICATION_AREAS)).map(([k, d]) => [k, { id: devTemplateId(d.envVar), keywords: Object.keys(d.keywords) }])),
});

/** deploy/config.json (or the file DEPLOY_CONFIG names), checked; the local configuration when there is none. */
export const loadDeployConfig = (file = process.env.DEPLOY_CONFIG ?? CONFIG_FILE): { config: DeployConfig; source: string } => {
  if (!fs.existsSync(file)) return { config: localConfig(), source: 'local defaults (no deploy/config.json)' };
  const rel = path.relative(ROOT, file);
  return { config: parseDeployConfig(JSON.parse(fs.readFileSync(file, 'utf8')), rel), source: rel };
};

/** The mini-program's generated values: never the local gateway in cloud mode. */
export const miniprogramConfigSource = (config: DeployConfig): string => {
  const generated = {
    mode: config.mode,
    cloudEnv: config.mode === 'cloud' ? config.envId : '',
    gatewayUrl: config.mode === 'local' ? LOCAL_GATEWAY : '',
    templateIds: Object.fromEntries(Object.entries(config.templates).map(([k, t]) => [k, t.id])),
  };
  return [
    '// Generated by `npm run configure` from deploy/config.json (README, Configuration). Do not edit by hand.',
    `export const generated = ${JSON.stringify(generated, null, 2)} as const;`,
    '',
  ].join('\n');
};

/**
 * Each function's environment variables, for the deploy command: template ids, MINIPROGRAM_STATE and
 * the SMS settings from the configuration; the personal-data keys and the SMS key pair from `secrets`
 * (the operator's environment: they are never in a file). Which function gets what is
 * FUNCTION_NEEDS, the table the start-up check reads. In cloud mode a missing secret throws, naming it.
 */
export const functionEnvironment = (config: DeployConfig, secrets: Record<string, string | undefined> = process.env): Record<string, Record<string, string>> => {
  const declared = declaredTemplates(NOTIFICATION_AREAS);
  const missing = new Set<string>();
  const secret = (name: string, required = true) => {
    const v = secrets[name]?.trim();
    if (!v && required && config.mode === 'cloud') missing.add(name);
    return v;
  };
  const out: Record<string, Record<string, string>> = {};
  for (const [fn, needs] of Object.entries(FUNCTION_NEEDS)) {
    const env: Record<string, string> = {};
    if (needs.templates) for (const [key, d] of Object.entries(declared)) env[d.envVar] = config.templates[key].id;
    if (needs.miniprogramState) env.MINIPROGRAM_STATE = config.miniprogramState;
    if (needs.pii) {
      const keys = secret('PII_KEYS', !secrets.PII_KEY);
      if (keys) {
        env.PII_KEYS = keys;
        for (const name of ['PII_KEY_CURRENT', 'PII_INDEX_KEY_ID']) {
          const v = secret(name, false);
          if (v) env[name] = v;
        }
      } else {
        const single = secret('PII_KEY', false);
        if (single) env.PII_KEY = single;
      }
    }
    if (needs.auditAnchor) {
      const key = secret('AUDIT_ANCHOR_KEY');
      if (key) env.AUDIT_ANCHOR_KEY = key;
    }
    if (needs.sms && config.sms) {
      Object.assign(env, {
        SMS_SDK_APP_ID: config.sms.sdkAppId,
        SMS_SIGN_NAME: config.sms.signName,
        SMS_TEMPLATE_ID: config.sms.templateId,
        SMS_REGION: config.sms.region,
        SMS_TEMPLATE_PARAMS: config.sms.templateParams,
      });
      for (const name of ['SMS_SECRET_ID', 'SMS_SECRET_KEY']) {
        const v = secret(name);
        if (v) env[name] = v;
      }
    }
    out[fn] = env;
  }
  if (missing.size) throw new Error(`cannot deploy in cloud mode: set ${[...missing].join(', ')} in the environment of the deploy command (never in a file)`);
  return out;
};

/** The README's template table: what to apply for in the WeChat console (tests/build/deployConfig.test.ts keeps the README equal to it). */
export const templateTable = (areas: readonly NotificationArea[] = NOTIFICATION_AREAS): string =>
  [
    '| Template (title in the console) | Configuration key | Variable | Keywords, in order | Events pushed under it |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(declaredTemplates(areas)).map(
      ([key, d]) =>
        `| ${d.title} | \`templates.${key}\` | \`${d.envVar}\` | ${Object.entries(d.keywords)
          .map(([k, name]) => `${name} \`${k}\``)
          .join(', ')} | ${d.events.map((e) => `\`${e}\``).join(', ')} |`,
    ),
  ].join('\n');

/** Writes miniprogram/config.generated.ts from the deployment configuration (npm run configure, npm run build). */
export const writeMiniprogramConfig = (): { config: DeployConfig; source: string; changed: boolean } => {
  const { config, source } = loadDeployConfig();
  const text = miniprogramConfigSource(config);
  const changed = !fs.existsSync(GENERATED_FILE) || fs.readFileSync(GENERATED_FILE, 'utf8') !== text;
  if (changed) fs.writeFileSync(GENERATED_FILE, text);
  return { config, source, changed };
};
