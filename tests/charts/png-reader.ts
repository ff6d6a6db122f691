/** Reads back the palette PNGs the chart renderer writes: header, palette and pixel indices. */
import { inflateSync } from 'node:zlib';

export interface DecodedPng {
  width: number;
  height: number;
  colourType: number;
  /** RGB hex per pixel, row by row. */
  pixel(x: number, y: number): string;
}

export function decodePng(png: Uint8Array): DecodedPng {
  const buf = Buffer.from(png);
  if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  let palette = Buffer.alloc(0);
  const idat: Buffer[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colourType = data[9] ?? -1;
    } else if (type === 'PLTE') palette = Buffer.from(data);
    else if (type === 'IDAT') idat.push(Buffer.from(data));
    offset += 12 + length;
  }
  const raw = colourType === 3 ? inflateSync(Buffer.concat(idat)) : Buffer.alloc(0);
  return {
    width,
    height,
    colourType,
    pixel(x, y) {
      const i = raw[y * (width + 1) + 1 + x] ?? 0;
      return `#${palette.subarray(i * 3, i * 3 + 3).toString('hex')}`;
    },
  };
}
