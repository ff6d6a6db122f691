/**
 * `GET /` outside local mode: a short page saying what the bot is, with the privacy
 * statement and terms — the website the Teams manifest names. (In local mode `/` is
 * the playground instead.)
 */
import type express from 'express';
import { html, markup } from './html.ts';
import { page } from './layout.ts';
import { pageLanguage, webTexts } from './locale.ts';
import { securityHeaders } from './security.ts';
import type { WebDeps } from './web-deps.ts';

export function registerHomePage(app: express.Express, deps: Pick<WebDeps, 'content'>): void {
  app.get('/', securityHeaders, (req, res) => {
    const lang = pageLanguage(req);
    const t = webTexts(deps.content, lang);
    res.type('html').send(
      page({
        lang,
        t,
        title: t('home.title'),
        main: html`<h1>${t('home.title')}</h1>
<p class="lead">${t('home.lead')}</p>
<p>${markup(t('home.body'))}</p>
<p><a href="/privacy?lang=${lang}">${t('layout.privacy')}</a> · <a href="/terms?lang=${lang}">${t('layout.terms')}</a></p>`,
      }),
    );
  });
}
