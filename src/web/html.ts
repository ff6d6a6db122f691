/**
 * HTML built safely: the `html` tagged template escapes every interpolated value unless
 * it is itself `Html` (made by `html` or, for trusted constants only, `trustedHtml`).
 * Typed text — a network name, anything from a URL — therefore always arrives as inert
 * text. `markup()` renders the neutral message markup (`*bold*`, `_italic_`, newlines,
 * `<https://…|label>`) on top of escaped text, and shows typed text marked inert by
 * core/inert-text literally. Markers never reach the page.
 */
import { textSegments, withoutMarkers } from '../core/inert-text.ts';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(withoutMarkers(String(value)));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** For constant, code-owned HTML only (never anything typed or from content). */
export function trustedHtml(value: string): Html {
  return new Html(value);
}

/** Bold and italic on already escaped text. */
function emphasis(escaped: string): string {
  return escaped
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?![*\w])/g, '$1<strong>$2</strong>')
    .replace(/(^|[^_\w])_(?=\S)([^_\n]*?\S)_(?![_\w])/g, '$1<em>$2</em>');
}

const LINK = /<(https?:\/\/[^|>\s]+)(?:\|([^>]+))?>/g;

const LINK_SLOT = /\uE002(\d+)\uE003/g;

/**
 * Neutral markup as HTML. Escaped first, so nothing can become a tag. The bot's own links
 * and emphasis are translated; typed text (inert segments) is only escaped, with its `*`
 * and `_` as entities so emphasis around it works while nothing in it is read as markup.
 */
export function markup(text: string): Html {
  const links: string[] = [];
  const escaped = textSegments(text)
    .map((segment) => {
      if (segment.inert) return escapeHtml(segment.text).replace(/\*/g, '&#42;').replace(/_/g, '&#95;');
      return escapeHtml(
        segment.text.replace(LINK, (_whole, url: string, label: string | undefined) => {
          links.push(`<a href="${escapeHtml(url)}">${escapeHtml(label ?? url)}</a>`);
          return `\uE002${links.length - 1}\uE003`;
        }),
      );
    })
    .join('');
  const out = emphasis(escaped).replace(LINK_SLOT, (_whole, i: string) => links[Number(i)] ?? '');
  return new Html(out.replace(/\r?\n/g, '<br>'));
}
