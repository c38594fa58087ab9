/**
 * Deployment configuration, from the environment with development defaults.
 * Subscribe-message template ids are issued per mini-program in the WeChat console.
 */
export const subscribeTemplates = {
  complaintProgress: process.env.TPL_COMPLAINT_PROGRESS ?? 'dev-tpl-complaint-progress',
  complaintResult: process.env.TPL_COMPLAINT_RESULT ?? 'dev-tpl-complaint-result',
} as const;

export const knownTemplateIds = (): string[] => Object.values(subscribeTemplates);
