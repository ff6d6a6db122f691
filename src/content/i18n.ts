/**
 * Looking up locale strings: `t(content, 'nl', 'round.intro', { name })`. A missing key
 * is a bug caught by the content tests, so at run time it falls back to the key itself
 * rather than crashing a reply.
 */
import type { Language } from '../core/network.ts';
import type { Content } from './load.ts';

export type Params = Record<string, string | number>;

export function t(content: Pick<Content, 'locales'>, lang: Language, key: string, params: Params = {}): string {
  const template = content.locales[lang][key] ?? content.locales.nl[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator bound to one language, for renderers. */
export type Translate = (key: string, params?: Params) => string;

export function translator(content: Pick<Content, 'locales'>, lang: Language): Translate {
  return (key, params) => t(content, lang, key, params);
}
