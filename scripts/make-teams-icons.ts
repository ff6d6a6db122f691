/**
 * Draws the Teams app icons (a thermometer) and writes them as PNG files:
 * manifest/teams/color.png (192×192, full colour) and manifest/teams/outline.png
 * (32×32, white on transparent, as Teams requires). The PNG encoder is a few lines
 * over node:zlib, so the icons are reproducible without an image library.
 *
 * Run: npx tsx scripts/make-teams-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes 8-bit RGBA pixels (row by row) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), no interlace
  const raw = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Signed distance to a vertical capsule from (cx, top) to (cx, bottom) with radius r. */
function capsule(x: number, y: number, cx: number, top: number, bottom: number, r: number): number {
  const cy = Math.min(Math.max(y, top), bottom);
  return Math.hypot(x - cx, y - cy) - r;
}

function circle(x: number, y: number, cx: number, cy: number, r: number): number {
  return Math.hypot(x - cx, y - cy) - r;
}

/** Coverage of a pixel by a shape from its signed distance (one-pixel anti-aliasing). */
function cover(distance: number): number {
  return Math.min(1, Math.max(0, 0.5 - distance));
}

function paint(width: number, height: number, shade: (x: number, y: number) => Rgba): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      out.set(shade(x + 0.5, y + 0.5).map((v) => Math.round(v)), (y * width + x) * 4);
    }
  }
  return out;
}

function over(top: Rgba, alpha: number, bottom: Rgba): Rgba {
  const a = top[3] / 255 * alpha;
  const outA = a + (bottom[3] / 255) * (1 - a);
  if (outA === 0) return [0, 0, 0, 0];
  const mix = (i: 0 | 1 | 2): number => (top[i] * a + bottom[i] * (bottom[3] / 255) * (1 - a)) / outA;
  return [mix(0), mix(1), mix(2), outA * 255];
}

export const ACCENT = '#2B6F77';
const BACKGROUND: Rgba = [0x2b, 0x6f, 0x77, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const MERCURY: Rgba = [0xe4, 0x57, 0x2e, 255];
const TICK: Rgba = [0x2b, 0x6f, 0x77, 255];

/** 192×192: a white thermometer, orange-red mercury, on the accent colour. */
export function colorIcon(): Buffer {
  const s = 192;
  const cx = 96;
  const pixels = paint(s, s, (x, y) => {
    let c = BACKGROUND;
    const body = Math.min(capsule(x, y, cx, 44, 120, 17), circle(x, y, cx, 130, 29));
    c = over(WHITE, cover(body), c);
    const level = 78;
    const mercury = Math.min(capsule(x, y, cx, level, 124, 8), circle(x, y, cx, 130, 20));
    c = over(MERCURY, cover(mercury), c);
    for (const ty of [56, 72, 88, 104]) {
      const tick = Math.max(Math.abs(y - ty) - 1.5, Math.abs(x - (cx + 24)) - 7);
      c = over(WHITE, cover(tick), c);
      const notch = Math.max(Math.abs(y - ty) - 1, Math.abs(x - (cx + 11)) - 3);
      c = over(TICK, cover(notch) * (ty < level ? 1 : 0), c);
    }
    return c;
  });
  return encodePng(s, s, pixels);
}

/** 32×32: the thermometer as a white outline on transparent. */
export function outlineIcon(): Buffer {
  const s = 32;
  const cx = 16;
  const pixels = paint(s, s, (x, y) => {
    const body = Math.min(capsule(x, y, cx, 6, 20, 4), circle(x, y, cx, 23.5, 6.5));
    const ring = Math.abs(body + 0.75) - 0.9;
    const bulb = circle(x, y, cx, 23.5, 3.2);
    const stem = capsule(x, y, cx, 13, 22, 1.2);
    const alpha = Math.max(cover(ring), cover(bulb), cover(stem));
    return [255, 255, 255, alpha * 255];
  });
  return encodePng(s, s, pixels);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../manifest/teams/', import.meta.url));
  writeFileSync(`${dir}color.png`, colorIcon());
  writeFileSync(`${dir}outline.png`, outlineIcon());
  process.stdout.write(`wrote ${dir}color.png and ${dir}outline.png\n`);
}
