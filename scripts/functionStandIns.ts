/**
 * STAND-INS for loading a built cloud function outside Tencent Cloud (tests/build/functionBundles.test.ts,
 * scripts/bench/coldStart.ts): the environment a function checks when its module loads, with values that
 * pass those checks and reach nothing, and a fake @cloudbase/node-sdk for tests that must not touch the real one.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What members and admin read at load (PII_KEYS, SMS_*): well-formed, and no real key or account. */
export const standInFunctionEnv = (): Record<string, string> => ({
  PII_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  SMS_SECRET_ID: 'stand-in',
  SMS_SECRET_KEY: 'stand-in',
  SMS_SDK_APP_ID: '1400000000',
  SMS_SIGN_NAME: 'stand-in',
  SMS_TEMPLATE_ID: '100000',
  SMS_REGION: 'ap-guangzhou',
});

/**
 * A fake SDK in the bundle's own node_modules (found before any other): a context with an openid, a
 * database whose every collection throws, so a call that passes input parsing fails without a network.
 */
export const installFakeSdk = (bundleDir: string, openid = 'openid-bundle'): void => {
  const dir = path.join(bundleDir, 'node_modules', '@cloudbase', 'node-sdk');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'index.js'),
    `const database = () => ({ command: {}, collection: () => { throw new Error('no database here'); } });
module.exports = { SYMBOL_CURRENT_ENV: 'env', init: () => ({ database }), getCloudbaseContext: () => ({ WX_OPENID: ${JSON.stringify(openid)} }) };\n`,
  );
};
