/**
 * The 404 page: the same for a path that does not exist and for a dashboard link that
 * is tampered with, expired, of an erased network or of another network, so the page
 * tells nobody which of these it was.
 */
import type { Request, Response } from 'express';
import type { Content } from '../content/load.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { pageLanguage, webTexts } from './locale.ts';
import { privatePage } from './security.ts';

export function sendNotFound(req: Request, res: Response, content: Content): void {
  const lang = pageLanguage(req);
  const t = webTexts(content, lang);
  privatePage(res);
  res
    .status(404)
    .type('html')
    .send(
      page({
        lang,
        t,
        title: t('not_found.title'),
        main: html`<h1>${t('not_found.title')}</h1><p>${t('not_found.body')}</p>`,
      }),
    );
}
