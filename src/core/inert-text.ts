/**
 * Typed text inside the neutral markup. Whatever people type — network names, comments,
 * coordinator names, agreements, a mistyped command — is wrapped with `inert()` where a
 * message builder places it. The wrap is a pair of private-use markers that no markup
 * uses, so a renderer can always tell the bot's own markup (`*bold*`, `<url|label>`,
 * `<@U…>`) from typed text: it translates the first and escapes the second, so typed text
 * shows as typed and never becomes a mention, a link or formatting (promise 5). Markers
 * never leave a renderer.
 *
 * One rule for builders: typed text never goes inside a link label.
 */

export const INERT_OPEN = '\uE000';
export const INERT_CLOSE = '\uE001';

/**
 * Markers (so typed text cannot close its own wrap) and the bidi controls that reorder
 * text beyond their own position (marks, embeddings, overrides, isolates): inside a
 * message they could turn the bot's own words around.
 */
const NEVER_TYPED = /[\uE000\uE001\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Marks typed text as inert. Idempotent: inert(inert(x)) shows the same as inert(x). */
export function inert(text: string): string {
  return INERT_OPEN + text.replace(NEVER_TYPED, '') + INERT_CLOSE;
}

/** Typed text as it will be shown: what `inert` keeps of it. */
export function typedTextShown(text: string): string {
  return text.replace(NEVER_TYPED, '');
}

export interface TextSegment {
  text: string;
  /** True for typed text: show literally. False for the bot's own markup. */
  inert: boolean;
}

/**
 * Splits neutral text into markup and inert segments, in order, without empty ones. A
 * stray closing marker is dropped; an opening marker without its close makes the rest
 * inert (the safe side).
 */
export function textSegments(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let at = 0;
  for (;;) {
    const open = text.indexOf(INERT_OPEN, at);
    const markup = text.slice(at, open === -1 ? text.length : open).split(INERT_CLOSE).join('');
    if (markup !== '') out.push({ text: markup, inert: false });
    if (open === -1) return out;
    const close = text.indexOf(INERT_CLOSE, open + 1);
    const typedEnd = close === -1 ? text.length : close;
    const typed = text.slice(open + 1, typedEnd).split(INERT_OPEN).join('');
    if (typed !== '') out.push({ text: typed, inert: true });
    at = typedEnd + 1;
  }
}

export function hasInert(text: string): boolean {
  return text.includes(INERT_OPEN);
}

/** The text with its markers removed, for places that show text without markup (logs, plain fallbacks). */
export function withoutMarkers(text: string): string {
  return text.replace(/[\uE000\uE001]/g, '');
}
