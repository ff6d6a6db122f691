/**
 * A seeded Random (sfc32) for the demo and the tests: the same seed gives the same ids,
 * secrets and shuffles, so a story can be told — and checked — twice. Never used by the
 * running bot, which takes its randomness from node:crypto (src/system.ts).
 */
import type { Random } from './core/ports.ts';

export function seededRandom(seed = 1): Random {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162 ^ (seed * 17);
  let d = seed | 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i += 1) next();
  return {
    float: () => next() / 2 ** 32,
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 1) out[i] = next() & 0xff;
      return out;
    },
  };
}
