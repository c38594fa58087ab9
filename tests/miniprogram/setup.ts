import { wxStandIn } from './wechatStandIn';

// Installed before miniprogram-simulate loads: simulate keeps an existing `wx` and only fills in the rest.
(globalThis as unknown as { wx: unknown }).wx = wxStandIn;
(globalThis as unknown as { getApp: () => unknown }).getApp = () => ({ globalData: {} });
