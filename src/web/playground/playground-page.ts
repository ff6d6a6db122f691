/**
 * `GET /` in local mode: the playground page. Server-rendered frame — what this is,
 * four steps, the member chooser and the buttons for the coordinator and for time —
 * around the simulated channel, which playground.js fills with the bot's real Teams
 * cards, rendered by Microsoft's Adaptive Cards renderer served from node_modules.
 */
import type express from 'express';
import { html } from '../html.ts';
import { page } from '../layout.ts';
import { pageLanguage, webTexts } from '../locale.ts';
import { privatePage, securityHeaders } from '../security.ts';
import type { WebDeps } from '../web-deps.ts';
import { PLAYGROUND_API } from './playground-api.ts';
import { MEMBER_COUNT, PLAYGROUND_K } from './playground.ts';

export function registerPlaygroundPage(app: express.Express, deps: Pick<WebDeps, 'content'>): void {
  app.get('/', securityHeaders, (req, res) => {
    const lang = pageLanguage(req);
    const t = webTexts(deps.content, lang);
    const members = Array.from({ length: MEMBER_COUNT }, (_, i) => i + 1);
    privatePage(res);
    res.type('html').send(
      page({
        lang,
        t,
        title: t('playground.title'),
        scripts: ['vendor/markdown-it.min.js', 'vendor/adaptivecards.min.js', 'playground.js'],
        bodyClass: 'playground-page',
        main: html`
<h1>${t('playground.title')}</h1>
<p class="lead">${t('playground.lead', { k: PLAYGROUND_K })}</p>
<ol class="steps">
  <li>${t('playground.step.answer')}</li>
  <li>${t('playground.step.more')}</li>
  <li>${t('playground.step.close')}</li>
  <li>${t('playground.step.next')}</li>
</ol>
<noscript><p class="note">${t('playground.noscript')}</p></noscript>
<div id="playground" class="playground" data-api="${PLAYGROUND_API}" data-lang="${lang}" data-private-title="${t('playground.private_title', { member: '{member}' })}" data-posted="${t('playground.posted', { time: '{time}' })}" data-failed="${t('playground.failed')}" data-bot="${t('playground.bot_name')}">
  <div class="controls" role="group" aria-label="${t('playground.controls')}">
    <p class="field"><label for="member">${t('playground.member')}</label>
      <select id="member">${members.map((n) => html`<option value="${n}">${n === 1 ? t('playground.coordinator_name', { n }) : t('playground.member_name', { n })}</option>`)}</select></p>
    <button type="button" id="close-round">${t('playground.close_round')}</button>
    <button type="button" id="next-month">${t('playground.next_month')}</button>
    <button type="button" id="reset" class="secondary">${t('playground.reset')}</button>
    <p class="clock">${t('playground.clock')} <time id="clock"></time></p>
  </div>
  <p id="status" class="status" role="status" aria-live="polite"></p>
  <div class="columns">
    <section class="channel" aria-labelledby="channel-title">
      <h2 id="channel-title">${t('playground.channel', { name: t('playground.network_name') })}</h2>
      <div id="feed" class="feed"></div>
    </section>
    <section class="private" aria-labelledby="private-title">
      <h2 id="private-title">${t('playground.private_title', { member: t('playground.coordinator_name', { n: 1 }) })}</h2>
      <p class="context">${t('playground.private_intro')}</p>
      <div id="private" class="private-reply"></div>
      <div id="inbox" class="inbox"></div>
    </section>
  </div>
</div>`,
      }),
    );
  });
}
