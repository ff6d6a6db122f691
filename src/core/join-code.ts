/**
 * The join code of a network: what another channel types to join it. Twelve symbols of
 * Crockford's base 32 (digits and letters without I, L, O and U), shown in groups of four
 * (`K7QD-M2XR-9TBA`): 60 random bits, so guessing is hopeless even before the bot slows
 * it down. Reading is forgiving: case, spaces and dashes do not matter, and O, I and L
 * are read as 0, 1 and 1, as people mistype them.
 */
import type { Random } from './ports.ts';

export const JOIN_CODE_SYMBOLS = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const JOIN_CODE_LENGTH = 12;

/** A new code in its canonical form (no dashes). 256 is a multiple of 32: every symbol is equally likely. */
export function newJoinCode(random: Random): string {
  return [...random.bytes(JOIN_CODE_LENGTH)].map((b) => JOIN_CODE_SYMBOLS[b % JOIN_CODE_SYMBOLS.length]).join('');
}

/** How a code is shown: groups of four, joined by dashes. */
export function formatJoinCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/** The canonical form of what someone typed, or undefined when it cannot be a code. */
export function normalizeJoinCode(typed: string): string | undefined {
  const code = typed
    .toUpperCase()
    .replace(/[\s\-‐‑–—_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== JOIN_CODE_LENGTH) return undefined;
  return [...code].every((c) => JOIN_CODE_SYMBOLS.includes(c)) ? code : undefined;
}
