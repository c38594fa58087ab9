import zlib from 'node:zlib';

/**
 * A real PNG drawn in code (no picture file in the repository): a 750×360 banner in the brand blue with a
 * lighter band, as a cover or an illustration for the demo articles. Small enough for the image limit.
 */
export const demoBannerPng = (hue: 'blue' | 'green' = 'blue'): Buffer => {
  const w = 750;
  const h = 360;
  const base = hue === 'blue' ? [0, 82, 217] : [0, 168, 112];
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const r = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const band = Math.abs(y - h * 0.62 + (x - w / 2) * 0.18) < 38 ? 60 : 0;
      const shade = Math.round((x / w) * 50 + (y / h) * 30);
      for (let c = 0; c < 3; c++) r[1 + x * 3 + c] = Math.min(255, base[c] + shade + band);
    }
    rows.push(r);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
};
