/**
 * Where the mini-program sends its calls. `local`: the gateway started by `npm start`, over wx.request
 * (turn off domain checks in DevTools). `cloud`: wx.cloud.callFunction in the CloudBase environment.
 */
export const config = {
  mode: 'local' as 'local' | 'cloud',
  gatewayUrl: 'http://127.0.0.1:8787',
  cloudEnv: 'member-service-prod',
  /** Local mode only: which demo member the development sign-in acts as. */
  devOpenid: 'demo-member-alice',
  /** Subscribe-message template ids, issued per mini-program in the WeChat console (configuration). */
  subscribeTemplates: {
    complaintProgress: 'dev-tpl-complaint-progress',
    complaintResult: 'dev-tpl-complaint-result',
  },
  hotline: '95500',
};
