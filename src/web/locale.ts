/**
 * The language of a page: `?lang=nl|en` when given, else the browser's preference
 * (Accept-Language) among Dutch and English, else Dutch. Page texts are the `web.*` keys
 * of content/locales.
 */
import type { Request } from 'express';
import { t, type Params } from '../content/i18n.ts';
import type { Content } from '../content/load.ts';
import { LANGUAGES, type Language } from '../core/network.ts';

export type WebText = (key: string, params?: Params) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language asked for in the query, if any. */
export function queryLanguage(req: Request): Language | undefined {
  const lang = req.query.lang;
  return isLanguage(lang) ? lang : undefined;
}

export function pageLanguage(req: Request): Language {
  return queryLanguage(req) ?? acceptedLanguage(req.get('accept-language') ?? '');
}

/** The browser's preferred language among Dutch and English (Accept-Language), else Dutch. */
export function acceptedLanguage(header: string): Language {
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { lang: tag.slice(0, 2), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((r) => isLanguage(r.lang) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const first = ranked[0]?.lang;
  return isLanguage(first) ? first : 'nl';
}

export function webTexts(content: Pick<Content, 'locales'>, lang: Language): WebText {
  return (key, params) => t(content, lang, `web.${key}`, params);
}
