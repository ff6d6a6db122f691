/**
 * A platform-neutral chat message as HTML, for pages that show what the bot says in
 * chat (the privacy promises). Mapping only, like the Block Kit and Adaptive Card
 * renderers: headings, paragraphs, lists, entries, tallies, facts, context lines and
 * images; buttons are left
 * out, since they act in a chat, not on a page.
 */
import type { Block, ChatMessage } from '../core/message.ts';
import { html, markup, type Html } from './html.ts';

function block(b: Block, message: ChatMessage, headingLevel: 2 | 3): Html {
  switch (b.kind) {
    case 'heading':
      return headingLevel === 2 ? html`<h2>${markup(b.text)}</h2>` : html`<h3>${markup(b.text)}</h3>`;
    case 'subheading':
      return headingLevel === 2 ? html`<h3>${markup(b.text)}</h3>` : html`<h4>${markup(b.text)}</h4>`;
    case 'paragraph':
      return html`<p>${markup(b.text)}</p>`;
    case 'list':
      return html`<ul>${b.items.map((item) => html`<li>${markup(item)}</li>`)}</ul>`;
    case 'entry':
      return html`<p><strong>${markup(b.marker)} ${markup(b.title)}</strong>${b.body ? html`<br>${markup(b.body)}` : ''}${b.note ? html`<br><span class="context">${markup(b.note)}</span>` : ''}</p>`;
    case 'tally':
      return html`<dl class="facts">${b.rows.map((r) => html`<dt>${markup(r.label)}</dt><dd>${markup(r.value)}</dd>`)}</dl>`;
    case 'context':
      return html`<p class="context">${markup(b.text)}</p>`;
    case 'facts':
      return html`<dl class="facts">${b.facts.map((f) => html`<dt>${markup(f.label)}</dt><dd>${markup(f.value)}</dd>`)}</dl>`;
    case 'divider':
      return html`<hr>`;
    case 'image': {
      const attachment = message.attachments?.find((a) => a.id === b.imageId);
      if (!attachment) return html``;
      return html`<img src="data:${attachment.mimeType};base64,${Buffer.from(attachment.data).toString('base64')}" alt="${b.alt}">`;
    }
    case 'actions':
      return html``;
  }
}

export function messageHtml(message: ChatMessage, options: { headingLevel?: 2 | 3 } = {}): Html {
  return html`${message.blocks.map((b) => block(b, message, options.headingLevel ?? 2))}`;
}
