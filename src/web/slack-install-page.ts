/**
 * The page Slack's OAuth flow ends on (`GET /slack/oauth_redirect`): installed in a
 * workspace, with what to do next, or a plain "that did not work" that tells nothing
 * about why (a wrong or replayed state, a refused code).
 */
import type { Content } from '../content/load.ts';
import type { Language } from '../core/network.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { webTexts } from './locale.ts';

export type InstallOutcome = 'installed' | 'failed';

export function slackInstallPage(content: Pick<Content, 'locales'>, lang: Language, outcome: InstallOutcome, workspace?: string): string {
  const t = webTexts(content, lang);
  if (outcome === 'failed') {
    return page({ lang, t, title: t('slack_install.failed.title'), languageSwitch: false, main: html`<h1>${t('slack_install.failed.title')}</h1><p>${t('slack_install.failed.body')}</p>` });
  }
  return page({
    lang,
    t,
    title: t('slack_install.done.title'),
    languageSwitch: false,
    main: html`<h1>${t('slack_install.done.title')}</h1>
<p>${t('slack_install.done.body', { workspace: workspace ?? 'Slack' })}</p>
<ol><li>${t('slack_install.done.invite')}</li><li>${t('slack_install.done.setup')}</li><li>${t('slack_install.done.join')}</li></ol>`,
  });
}
