/** Adapts the deployment configuration (deploy/config.ts) to the plan's DeploySettings. */
import { functionEnvironment, loadDeployConfig, type DeployConfig } from './config';
import type { DeploySettings } from './plan';

export interface LoadedSettings {
  settings: DeploySettings;
  config: DeployConfig;
  source: string;
  /** Why a real deploy would refuse (missing secrets, local mode); the plan still prints. */
  problems: string[];
}

export const loadSettings = (secrets: Record<string, string | undefined> = process.env, envIdOverride?: string): LoadedSettings => {
  const { config, source } = loadDeployConfig();
  const problems: string[] = [];
  if (config.mode !== 'cloud') problems.push(`${source} is in ${config.mode} mode: a real deploy needs deploy/config.json in cloud mode`);
  let env: Record<string, Record<string, string>>;
  try {
    env = functionEnvironment(config, secrets);
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
    // The plan still shows every function with what is set; the missing secrets are named above.
    env = functionEnvironment({ ...config, mode: 'local' }, secrets);
  }
  return { settings: { envId: envIdOverride ?? config.envId, functionEnvironment: env }, config, source, problems };
};
