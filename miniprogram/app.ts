import { config } from './config';
import { ROUTES, movedRoute } from './utils/routes';

App({
  onLaunch() {
    if (config.mode === 'cloud') wx.cloud.init({ env: config.cloudEnv, traceUser: true });
  },
  /** A push sent before the subpackages opens an old path: send it to the page's new home (synchronously, as WeChat requires). */
  onPageNotFound(res) {
    const query = Object.entries(res.query ?? {}).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
    wx.redirectTo({ url: movedRoute(query ? `${res.path}?${query}` : res.path) ?? ROUTES.home });
  },
});
