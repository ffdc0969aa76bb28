// A tiny PNG encoder (RGB, no dependencies) so node test scripts can share real images.
'use strict';
const zlib = require('zlib');

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

// A w x h picture: soft diagonal gradient with a disc, colours from `seed`.
function makePng(w, h, seed = 1) {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  const r0 = (seed * 67) % 256, g0 = (seed * 131) % 256, b0 = (seed * 29) % 256;
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    raw[row] = 0;  // filter: none
    for (let x = 0; x < w; x++) {
      const inDisc = (x - w / 2) ** 2 + (y - h / 2) ** 2 < (Math.min(w, h) / 3) ** 2;
      const t = (x + y) / (w + h);
      const i = row + 1 + x * 3;
      raw[i] = inDisc ? 255 - r0 : Math.round(r0 * (1 - t) + 40 * t);
      raw[i + 1] = inDisc ? 255 - g0 : Math.round(g0 * (1 - t) + 90 * t);
      raw[i + 2] = inDisc ? 255 - b0 : Math.round(b0 * (1 - t) + 160 * t);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 2;  // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

module.exports = { makePng };
