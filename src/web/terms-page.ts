/** `GET /terms`: the terms of use the Teams manifest points to, in Dutch or English. */
import type express from 'express';
import { html } from './html.ts';
import { page } from './layout.ts';
import { pageLanguage, webTexts } from './locale.ts';
import { sections } from './sections.ts';
import type { WebDeps } from './web-deps.ts';

/** Numbered sections under `web.terms.<n>` in content/locales. */
export const TERMS_SECTIONS = 6;

export function registerTermsPage(app: express.Express, deps: WebDeps): void {
  app.get('/terms', (req, res) => {
    const lang = pageLanguage(req);
    const t = webTexts(deps.content, lang);
    res.type('html').send(
      page({
        lang,
        t,
        title: t('terms.title'),
        main: html`<h1>${t('terms.title')}</h1>
<p class="lead">${t('terms.lead')}</p>
${sections(t, 'terms', TERMS_SECTIONS)}`,
      }),
    );
  });
}
