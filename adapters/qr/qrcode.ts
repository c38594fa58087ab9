import type { QrRenderer } from '../../core/benefits/ports';

/*
 * The `qrcode` library's encoder and SVG renderer only: its package entry pulls in the PNG renderer
 * (pngjs) and the terminal renderers, which a function bundle does not need. An SVG data URL is drawn
 * by the mini-program's <image> and by the admin page alike.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('qrcode/lib/core/qrcode') as { create(text: string, opts: { errorCorrectionLevel: string }): unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const svgTag = require('qrcode/lib/renderer/svg-tag') as { render(qr: unknown, opts: { margin: number; width: number }): string };

export const svgQr: QrRenderer = {
  dataUrl: async (text) => {
    const svg = svgTag.render(core.create(text, { errorCorrectionLevel: 'M' }), { margin: 2, width: 240 });
    return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  },
};
