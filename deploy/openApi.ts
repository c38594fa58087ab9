/**
 * Open-API permissions ("云调用" — config.json `permissions.openapi`: subscribeMessage.send for notify,
 * security.msgSecCheck for complaints, phonenumber.getPhoneNumber for members).
 *
 * Checked in sources: @cloudbase/manager-node 5.6 (lib/function/index.js createFunction/updateFunctionConfig)
 * and miniprogram-ci 2.1.42 (dist/ci/cloud/uploadFunction.js: CreateFunction/UpdateFunction only; it even creates
 * a new function on Nodejs8.9) never read `permissions`; only WeChat DevTools applies config.json when it uploads a
 * function (RULES.md). So the deploy creates every function with the manager (runtime, env, triggers), then has
 * WeChat DevTools upload the three open-API functions once more — from the command line, through the DevTools
 * CLI (`cli cloud functions deploy`), when `--devtools-cli <path>` is given — and finally puts the function
 * configuration back (deploy/apply.ts). Without a DevTools CLI (Linux CI cannot run DevTools) the step is
 * reported as a manual to-do: right-click each of those functions in DevTools → 上传并部署：云端安装依赖.
 */
import { execFile } from 'node:child_process';
import type { OpenApiGranter } from './apply';

export const manualOpenApiGranter = (todo: string[]): OpenApiGranter => ({
  grant: async (fn, apis) => {
    todo.push(`WeChat DevTools: upload function ${fn} (右键 → 上传并部署：云端安装依赖) so its config.json grants ${apis.join(', ')}`);
    return 'manual';
  },
});

/** Argument list for the DevTools CLI v2 (developers.weixin.qq.com/miniprogram/dev/devtools/cli.html, 云开发 section). */
export const devtoolsDeployArgs = (opts: { projectPath: string; envId: string; fn: string }) => [
  'cloud',
  'functions',
  'deploy',
  '--env',
  opts.envId,
  '--names',
  opts.fn,
  '--remote-npm-install',
  '--project',
  opts.projectPath,
];

export const devtoolsCliGranter = (opts: { cliPath: string; projectPath: string; envId: string; log?: (l: string) => void }): OpenApiGranter => ({
  grant: (fn) =>
    new Promise((resolve, reject) => {
      const args = devtoolsDeployArgs({ projectPath: opts.projectPath, envId: opts.envId, fn });
      opts.log?.(`running ${opts.cliPath} ${args.join(' ')}`);
      execFile(opts.cliPath, args, { timeout: 10 * 60_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`WeChat DevTools upload of ${fn} failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve('granted');
      });
    }),
});
