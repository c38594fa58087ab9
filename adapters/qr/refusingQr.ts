import type { QrRenderer } from '../../core/benefits/ports';

/**
 * For a function that never shows a redemption code (the slaMonitor timer's benefit watch): the benefit
 * deps ask for a renderer, and the real one (./qrcode.ts) would add the 22 KB QR encoder to the bundle.
 */
export const refusingQr = (fn: string): QrRenderer => ({
  dataUrl: async () => {
    throw new Error(`the ${fn} function renders no QR codes`);
  },
});
