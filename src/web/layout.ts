/**
 * The frame every page shares: language, title, the bot's own stylesheet and scripts
 * (no inline script or style), a skip link, a header with the language switch, and a
 * footer linking the privacy statement and the terms.
 */
import type { Language } from '../core/network.ts';
import { html, type Html } from './html.ts';
import type { WebText } from './locale.ts';

export const ASSET_PATH = '/assets';

export interface PageOptions {
  lang: Language;
  t: WebText;
  /** Shown in the tab: "<title> · Partnership Thermometer". */
  title: string;
  main: Html;
  /** Asset names under /assets, loaded deferred in this order. */
  scripts?: string[];
  /** Extra class on <body>, for page-specific styles. */
  bodyClass?: string;
  /** Hide the language switch (e.g. when the language is fixed by the data). */
  languageSwitch?: boolean;
}

export function page(options: PageOptions): string {
  const { lang, t } = options;
  const other: Language = lang === 'nl' ? 'en' : 'nl';
  const doc = html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${options.title} · Partnership Thermometer</title>
<link rel="icon" href="${ASSET_PATH}/icon.png" type="image/png">
<link rel="stylesheet" href="${ASSET_PATH}/site.css">
<link rel="stylesheet" href="${ASSET_PATH}/print.css" media="print">
${(options.scripts ?? []).map((name) => html`<script src="${ASSET_PATH}/${name}" defer></script>\n`)}
</head>
<body class="${options.bodyClass ?? ''}">
<a class="skip-link" href="#main">${t('layout.skip')}</a>
<header class="site-header">
  <p class="brand"><span aria-hidden="true">🌡️</span> Partnership Thermometer</p>
  ${options.languageSwitch === false ? '' : html`<nav aria-label="${t('layout.language')}"><a href="?lang=${other}" hreflang="${other}" lang="${other}">${t('layout.switch')}</a></nav>`}
</header>
<main id="main" tabindex="-1">
${options.main}
</main>
<footer class="site-footer">
  <a href="/privacy?lang=${lang}">${t('layout.privacy')}</a> · <a href="/terms?lang=${lang}">${t('layout.terms')}</a>
</footer>
</body>
</html>
`;
  return doc.value;
}
