import type { PaperLayout } from './paperText';

const WIDTH = 750;
const PAD = 48;
const LINE = 44;

interface Ctx2d {
  fillStyle: string;
  font: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  scale(x: number, y: number): void;
}

/** Breaks a line to the width, character by character (Chinese has no spaces to break at). */
const wrap = (ctx: Ctx2d, text: string, width: number): string[] => {
  const out: string[] = [];
  let line = '';
  for (const ch of text) {
    if (ctx.measureText(line + ch).width > width && line) {
      out.push(line);
      line = ch;
    } else line += ch;
  }
  return [...out, line];
};

/**
 * Draws the paper on the page's hidden 2d canvas and returns its image file: the member shares the image
 * (wx.showShareImageMenu), since a link to the claim would open nothing for the person it is sent to.
 * The phone's own fonts draw the Chinese text; nothing is rendered on the server.
 */
export const drawPaper = async (canvas: WechatMiniprogram.Canvas, paper: PaperLayout, pixelRatio: number): Promise<string> => {
  const ctx = canvas.getContext('2d') as unknown as Ctx2d;
  // Measure first at the final font sizes, then size the canvas and draw.
  ctx.font = '28px sans-serif';
  const body: { text: string; kind: 'heading' | 'row' | 'note' }[] = [];
  for (const s of paper.sections) {
    if (s.heading) body.push({ text: s.heading, kind: 'heading' });
    for (const l of s.lines) for (const t of wrap(ctx, `${l.label}：${l.value}`, WIDTH - PAD * 2)) body.push({ text: t, kind: 'row' });
  }
  for (const n of paper.notes) for (const t of wrap(ctx, n, WIDTH - PAD * 2)) body.push({ text: t, kind: 'note' });
  const height = 200 + body.length * LINE + PAD;
  canvas.width = WIDTH * pixelRatio;
  canvas.height = height * pixelRatio;
  ctx.scale(pixelRatio, pixelRatio);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, WIDTH, height);
  ctx.fillStyle = '#1f2329';
  ctx.font = 'bold 40px sans-serif';
  ctx.fillText(paper.title, PAD, 90);
  ctx.font = '26px sans-serif';
  ctx.fillStyle = '#646a73';
  ctx.fillText(paper.subtitle, PAD, 140);
  let y = 200;
  for (const b of body) {
    ctx.font = b.kind === 'heading' ? 'bold 28px sans-serif' : '28px sans-serif';
    ctx.fillStyle = b.kind === 'note' ? '#646a73' : '#1f2329';
    ctx.fillText(b.text, PAD, y);
    y += LINE;
  }
  return new Promise<string>((resolve, reject) =>
    wx.canvasToTempFilePath({ canvas, success: (r: { tempFilePath: string }) => resolve(r.tempFilePath), fail: reject } as unknown as WechatMiniprogram.CanvasToTempFilePathOption),
  );
};
