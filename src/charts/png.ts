/**
 * A palette PNG encoder. A chart has a few dozen colours, so one byte per pixel with a
 * palette is a third of the size of resvg's RGBA output — small enough for Teams to
 * show the image inline. Colours are numbered in order of first appearance, so the same
 * pixels always give the same bytes.
 */
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes opaque RGBA pixels as an 8-bit palette PNG; undefined when they use more than 256 colours. */
export function encodePalettePng(width: number, height: number, rgba: Uint8Array): Uint8Array | undefined {
  const index = new Map<number, number>();
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width + 1)] = 0; // filter: none, the best choice for palette images
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const colour = ((rgba[p] ?? 0) << 16) | ((rgba[p + 1] ?? 0) << 8) | (rgba[p + 2] ?? 0);
      let i = index.get(colour);
      if (i === undefined) {
        if (index.size === 256) return undefined;
        i = index.size;
        index.set(colour, i);
      }
      rows[y * (width + 1) + 1 + x] = i;
    }
  }
  const palette = Buffer.alloc(index.size * 3);
  for (const [colour, i] of index) palette.writeUIntBE(colour, i * 3, 3);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 3; // colour type: palette
  return new Uint8Array(Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('PLTE', palette), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]));
}
