/**
 * Shared formatting for every message: the translator bound to a network's language,
 * dates in the network's time zone, numbers in the language's style, level labels and
 * the emoji bars that make a distribution readable without an image.
 */
import type { Content } from '../../content/load.ts';
import { translator, type Params, type Translate } from '../../content/i18n.ts';
import type { Language } from '../../core/network.ts';
import type { Direction } from '../../core/result.ts';
import type { Level } from '../../core/scale.ts';

export interface MessageContext {
  content: Content;
  lang: Language;
  /** IANA time zone dates are shown in (the network's). */
  timeZone: string;
}

/** What every builder uses: the context plus bound helpers. */
export interface Texts extends MessageContext {
  t: Translate;
  /** `app.`-prefixed lookup, so builders write `tx('round.intro')`. */
  tx: (key: string, params?: Params) => string;
}

export function texts(context: MessageContext): Texts {
  const t = translator(context.content, context.lang);
  return { ...context, t, tx: (key, params) => t(`app.${key}`, params) };
}

/** A camelCase id as a locale key part (keys are lower case): `timeZone` → `time_zone`. */
export function keyPart(id: string): string {
  return id.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

/**
 * Intl formatters are costly to build (a fraction of a millisecond each, on every answer
 * confirmation), so each combination of language, time zone and style is built once.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(lang: Language, timeZone: string, style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${style}`;
  let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(LOCALES[lang], { ...options, timeZone })));
  return f;
}

/** "dinsdag 14 mei, 09:00" / "Tuesday 14 May, 09:00". */
export function formatDateTime(date: Date, ctx: MessageContext): string {
  return dateFormat(ctx.lang, ctx.timeZone, 'datetime', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(date);
}

/** "14 mei 2026" / "14 May 2026". */
export function formatDate(date: Date, ctx: MessageContext): string {
  return dateFormat(ctx.lang, ctx.timeZone, 'date', { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/** "mei 2026" / "May 2026": how a round is named in a series. */
export function formatMonth(date: Date, ctx: MessageContext): string {
  return dateFormat(ctx.lang, ctx.timeZone, 'month', { month: 'short', year: 'numeric' }).format(date);
}

/** One decimal in the language's style: "2,4" / "2.4". */
export function formatDecimal(value: number, lang: Language): string {
  const key = `${lang}|decimal`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: 1, maximumFractionDigits: 1 })));
  return f.format(value);
}

export function formatPercent(share: number): string {
  return String(Math.round(share * 100));
}

export function levelLabel(content: Content, lang: Language, level: Level): string {
  return content.levels[level]?.text[lang].label ?? String(level);
}

export function levelEmoji(content: Content, level: Level): string {
  return content.levels[level]?.emoji ?? '';
}

/** A level's label inside a sentence: "kozen *onenigheid*", not "kozen *Onenigheid*". */
export function levelName(content: Content, lang: Language, level: Level): string {
  const label = levelLabel(content, lang, level);
  return label.charAt(0).toLocaleLowerCase(lang) + label.slice(1);
}

/** A median in words: a level's name, or "tussen X en Y" for a half. */
export function medianName(ctx: Pick<MessageContext, 'content' | 'lang'>, median: number, between: (low: string, high: string) => string): string {
  if (Number.isInteger(median)) return levelName(ctx.content, ctx.lang, nearestLevel(median));
  return between(levelName(ctx.content, ctx.lang, nearestLevel(Math.floor(median))), levelName(ctx.content, ctx.lang, nearestLevel(Math.ceil(median))));
}

/** The level a (fractional) median rounds to, for naming it. */
export function nearestLevel(value: number): Level {
  return Math.min(4, Math.max(1, Math.round(value))) as Level;
}

export const BAR_SLOTS = 10;
const EMPTY_SLOT = '▫️';

/** An emoji bar: `share` of the slots filled with the level's emoji, e.g. 🟠🟠🟠▫️▫️… */
export function emojiBar(share: number, emoji: string, slots: number = BAR_SLOTS): string {
  const filled = share > 0 ? Math.max(1, Math.round(share * slots)) : 0;
  return emoji.repeat(filled) + EMPTY_SLOT.repeat(slots - filled);
}

/** Arrow for a trend direction: up is more tension (towards conflict). */
export function directionArrow(direction: Direction): string {
  switch (direction) {
    case 'rising':
      return '↑';
    case 'falling':
      return '↓';
    case 'steady':
      return '→';
    case 'unknown':
      return '';
  }
}

/** Arrow for a change in a figure: up, down or level. */
export function arrow(delta: number | null): string {
  if (delta === null) return '';
  if (delta > 0) return '↑';
  if (delta < 0) return '↓';
  return '→';
}

/** Comment text as shown: see core/comment-text.ts (promise 5). */
export { sanitizeComment } from '../../core/comment-text.ts';
