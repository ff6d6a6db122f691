/**
 * `GET /dashboard/<signed token>`: a network's dashboard for its coordinators and the
 * printable report for its steering group — the trend chart, statements over time,
 * agreements, and every closed round with its distribution, median, statements, the
 * group figures that passed k and the conversation prompt. Aggregates only, read
 * through the dashboard use case. A token that does not verify gets the plain 404 page.
 */
import type express from 'express';
import type { DashboardAgreement, DashboardLevelShare, DashboardRound, DashboardView } from '../app/dashboard-view.ts';
import { DASHBOARD_PATH } from '../app/dashboard-links.ts';
import { html, markup, type Html } from './html.ts';
import { page } from './layout.ts';
import { queryLanguage, webTexts, type WebText } from './locale.ts';
import { sendNotFound } from './not-found-page.ts';
import { privatePage } from './security.ts';
import type { WebDeps } from './web-deps.ts';

export function registerDashboardPage(app: express.Express, deps: WebDeps): void {
  app.get(`${DASHBOARD_PATH}/:token`, async (req, res) => {
    const view = await deps.useCases.dashboard(String(req.params.token), { lang: queryLanguage(req) });
    if (!view) {
      sendNotFound(req, res, deps.content);
      return;
    }
    const t = webTexts(deps.content, view.lang);
    privatePage(res);
    res.type('html').send(
      page({
        lang: view.lang,
        t,
        title: t('dashboard.title', { name: view.networkName }),
        main: dashboardHtml(t, view),
        scripts: ['dashboard.js'],
        bodyClass: 'dashboard',
      }),
    );
  });
}

export function dashboardHtml(t: WebText, view: DashboardView): Html {
  return html`
<h1>${t('dashboard.title', { name: view.networkName })}</h1>
<p class="lead">${t('dashboard.lead', { k: view.k })}</p>
<div class="toolbar no-print">
  <button type="button" id="print-report">${t('dashboard.print')}</button>
  <p class="context">${t('dashboard.link_valid', { date: view.linkExpiresOn })}</p>
</div>
<section aria-labelledby="trend-title">
  <h2 id="trend-title">${t('dashboard.trend')}</h2>
  ${view.chart
    ? html`<figure class="chart"><img src="data:${view.chart.mimeType};base64,${Buffer.from(view.chart.data).toString('base64')}" alt="${view.chart.alt}"></figure>`
    : html`<p>${t('dashboard.no_chart')}</p>`}
</section>
${statementsOverTime(t, view)}
${agreements(t, view.agreements)}
<section aria-labelledby="rounds-title">
  <h2 id="rounds-title">${t('dashboard.rounds', { count: view.rounds.length })}</h2>
  ${view.rounds.length === 0 ? html`<p>${t('dashboard.no_rounds')}</p>` : view.rounds.map((r) => round(t, r))}
</section>
<p class="context report-footer">${t('dashboard.footer', { date: view.generatedOn })}</p>`;
}

function statementsOverTime(t: WebText, view: DashboardView): Html {
  const { columns, rows } = view.statementsOverTime;
  if (rows.length === 0) return html``;
  return html`
<section aria-labelledby="statements-title">
  <h2 id="statements-title">${t('dashboard.statements_over_time')}</h2>
  <div class="table-scroll"><table>
    <caption>${t('dashboard.statements_caption')}</caption>
    <thead><tr><th scope="col">${t('dashboard.statement')}</th>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
    <tbody>${rows.map((row) => html`<tr><th scope="row">${row.label}</th>${row.values.map((v) => html`<td>${v ?? '–'}</td>`)}</tr>`)}</tbody>
  </table></div>
</section>`;
}

/** Agreements arrive with the agreements feature; until then the section says there are none. */
function agreements(t: WebText, list: DashboardAgreement[]): Html {
  return html`
<section aria-labelledby="agreements-title">
  <h2 id="agreements-title">${t('dashboard.agreements')}</h2>
  ${list.length === 0
    ? html`<p>${t('dashboard.no_agreements')}</p>`
    : html`<ul class="agreements">${list.map((a) => html`<li><strong>${a.text}</strong> — ${a.status}${a.ratings.length > 0 ? html`<br><span class="context">${a.ratings.join(' · ')}</span>` : ''}</li>`)}</ul>`}
</section>`;
}

function bar(share: DashboardLevelShare): Html {
  const width = Math.round(share.share * 1000) / 10;
  // An SVG bar: its width is an attribute, not an inline style the CSP would refuse.
  return html`<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="10" fill="#eeeeee"></rect><rect width="${width}" height="10" fill="${share.colour}"></rect></svg>`;
}

function round(t: WebText, r: DashboardRound): Html {
  const id = `round-${r.id.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const head = html`<h3 id="${id}">${t('dashboard.round_title', { date: r.closedOn })}</h3>
  <p class="context">${r.instrument} · ${t('dashboard.responses', { n: r.n })}</p>`;
  if (!r.shown) return html`<article class="round" aria-labelledby="${id}">${head}<p>${r.tooFew ?? ''}</p></article>`;
  const s = r.shown;
  return html`<article class="round" aria-labelledby="${id}">
  ${head}
  <table class="distribution">
    <caption>${t('dashboard.distribution')}</caption>
    <thead><tr><th scope="col">${t('dashboard.level')}</th><th scope="col"><span class="visually-hidden">${t('dashboard.bar')}</span></th><th scope="col">${t('dashboard.count')}</th><th scope="col">%</th></tr></thead>
    <tbody>${s.distribution.map((d) => html`<tr><th scope="row"><span aria-hidden="true">${d.emoji}</span> ${d.label}</th><td class="bar-cell">${bar(d)}</td><td>${d.count}</td><td>${d.percent}%</td></tr>`)}</tbody>
  </table>
  <p>${markup(s.median)}<br>${markup(s.trend)}</p>
  ${s.spread ? html`<p class="note">${markup(s.spread)}</p>` : ''}
  ${s.statements.length > 0
    ? html`<table><caption>${t('dashboard.statements_round')}</caption><thead><tr><th scope="col">${t('dashboard.statement')}</th><th scope="col">${t('dashboard.mean')}</th><th scope="col">${t('dashboard.count')}</th></tr></thead>
    <tbody>${s.statements.map((st) => html`<tr><th scope="row">${st.label}</th><td>${st.mean}</td><td>${st.n}</td></tr>`)}</tbody></table>`
    : ''}
  ${s.groups.map(
    (g) => html`<table><caption>${g.title}</caption><thead><tr><th scope="col">${t('dashboard.group')}</th><th scope="col">${t('dashboard.median')}</th><th scope="col">${t('dashboard.count')}</th></tr></thead>
    <tbody>${g.rows.map((row) => html`<tr><th scope="row">${markup(row.label)}</th><td>${row.level === undefined ? '–' : `${row.level} (${row.median ?? ''})`}</td><td>${row.n}</td></tr>`)}</tbody></table>
    ${g.hiddenNote ? html`<p class="context">${g.hiddenNote}</p>` : ''}`,
  )}
  ${r.prompt
    ? html`<aside class="prompt" aria-label="${t('dashboard.prompt')}"><h4>${t('dashboard.prompt')}: ${r.prompt.title}</h4><p>${markup(r.prompt.text)}</p><p class="context">${t('dashboard.source', { source: r.prompt.source })}</p></aside>`
    : ''}
</article>`;
}
