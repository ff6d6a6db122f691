/**
 * Long texts of the public pages (privacy, terms) as numbered sections in
 * content/locales: `web.<page>.<n>.title` and `web.<page>.<n>.body`, the body's
 * paragraphs separated by blank lines, in the neutral markup.
 */
import { html, markup, type Html } from './html.ts';
import type { WebText } from './locale.ts';

export function sections(t: WebText, pageKey: string, count: number): Html {
  const parts: Html[] = [];
  for (let n = 1; n <= count; n++) {
    const paragraphs = t(`${pageKey}.${n}.body`).split(/\n\s*\n/);
    parts.push(html`<section><h2>${t(`${pageKey}.${n}.title`)}</h2>${paragraphs.map((p) => html`<p>${markup(p.trim())}</p>`)}</section>`);
  }
  return html`${parts}`;
}
