/**
 * Looking up locale strings: `t(content, 'nl', 'round.intro', { name })`. A missing key
 * is a bug caught by the content tests, so at run time it falls back to the key itself
 * rather than crashing a reply. Templates are filled by core/template.ts: placeholders
 * and ICU-style plurals (`{count, plural, one {# reactie} other {# reacties}}`).
 */
import type { Language } from '../core/network.ts';
import { fillTemplate } from '../core/template.ts';
import type { Content } from './load.ts';

export type Params = Record<string, string | number>;

/** The locale whose plural rules a language follows. */
export const PLURAL_LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

export function t(content: Pick<Content, 'locales'>, lang: Language, key: string, params: Params = {}): string {
  const template = content.locales[lang][key] ?? content.locales.nl[key] ?? key;
  return fillTemplate(template, params, PLURAL_LOCALES[lang]);
}

/** A translator bound to one language, for renderers. */
export type Translate = (key: string, params?: Params) => string;

export function translator(content: Pick<Content, 'locales'>, lang: Language): Translate {
  return (key, params) => t(content, lang, key, params);
}
