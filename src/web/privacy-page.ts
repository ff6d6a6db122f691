/**
 * `GET /privacy`: the privacy statement the Teams manifest points to, in Dutch or
 * English. Its heart is the same anonymity promises `/thermometer privacy` gives in
 * chat (read through the use case, rendered from the neutral message), framed by who
 * is responsible, what is kept, what coordinators see and what software cannot prevent.
 */
import type express from 'express';
import { html } from './html.ts';
import { page } from './layout.ts';
import { pageLanguage, webTexts } from './locale.ts';
import { messageHtml } from './message-html.ts';
import { sections } from './sections.ts';
import type { WebDeps } from './web-deps.ts';

/** Numbered sections under `web.privacy.<n>` in content/locales. */
export const PRIVACY_SECTIONS = 6;

export function registerPrivacyPage(app: express.Express, deps: WebDeps): void {
  app.get('/privacy', async (req, res) => {
    const lang = pageLanguage(req);
    const t = webTexts(deps.content, lang);
    const promises = await deps.useCases.privacyNotice(lang);
    res.type('html').send(
      page({
        lang,
        t,
        title: t('privacy.title'),
        main: html`<h1>${t('privacy.title')}</h1>
<p class="lead">${t('privacy.lead')}</p>
<section class="promises">${messageHtml(promises)}</section>
${sections(t, 'privacy', PRIVACY_SECTIONS)}`,
      }),
    );
  });
}
