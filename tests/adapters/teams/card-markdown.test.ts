/**
 * Typed text in Adaptive Card Markdown, checked against a real CommonMark parser
 * (markdown-it, the parser Microsoft's own Teams samples plug into the Adaptive Cards
 * renderer) with every rule on, autolinking included: whatever is typed renders as
 * exactly that text, with no link, emphasis, code, list, heading, quote or table.
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeTyped, toCardMarkdown, toMessageText } from '../../../src/adapters/teams/adaptive-card.ts';
import { inert, typedTextShown } from '../../../src/core/inert-text.ts';

const md = new MarkdownIt({ html: true, linkify: true });
md.enable(['strikethrough', 'table']);

const LIVE_TAGS = /<(?!\/?p>)[a-z][^>]*>/i;

/** The text a reader sees: tags gone, entities decoded, invisible joiners gone, whitespace as a browser shows it. */
function shown(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u2060/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const typedShown = (typed: string): string => typedTextShown(typed).replace(/\u2060/g, '').replace(/\s+/g, ' ').trim();

const DANGEROUS = [
  '[Klik hier](https://evil.example)', '![img](https://evil.example/a.png)', '<https://evil.example>', 'https://evil.example', 'www.evil.example',
  'evil.example', 'jan@gemeente.nl', 'mailto:jan@x.nl', '**vet**', '*schuin*', '_schuin_', '~~weg~~', '`code`', '# kop', '- item', '+ item',
  '1. item', '2) item', '> quote', '---', '===', '| a | b |', '\\', '\\*', '&amp;', '&#42;', '<b>x</b>', '<at>Jan</at>', '{{DATE(2017-02-14T06:08:39Z, SHORT)}}',
  '[a]: https://evil.example', '    code', '\n', '\r\n', ' ', 'a', 'é', '@', '.', ':', '[', ']', '(', ')', '*', '_', '<', '&', '!', '#',
];
const typedText = fc.oneof(
  fc.array(fc.constantFrom(...DANGEROUS), { maxLength: 10 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

describe('typed text in Adaptive Card Markdown', () => {
  it('renders any typed text as exactly that text, and nothing live', () => {
    fc.assert(
      fc.property(typedText, fc.boolean(), (typed, atLineStart) => {
        // Mid-line, typed text follows some of the bot's words.
        const lead = atLineStart ? '' : 'Naam: ';
        const html = md.render(lead + escapeTyped(typedTextShown(typed), atLineStart));
        expect(html).not.toMatch(LIVE_TAGS);
        expect(shown(html)).toBe(`${lead}${typedShown(typed)}`.trim());
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a date function through', () => {
    expect(escapeTyped('{{DATE(2017-02-14T06:08:39Z, SHORT)}} {{{TIME(x)}}}', false)).not.toMatch(/\{\{/);
  });

  it('keeps the bot’s own markup around typed text working', () => {
    fc.assert(
      // Names are one trimmed line; line breaks or edge spaces would undo the bold, never make anything live.
      fc.property(typedText.map((t) => t.replace(/[\r\n]+/g, ' ').trim()), (typed) => {
        fc.pre(typedShown(typed) !== '');
        const html = md.render(toCardMarkdown(`Het netwerk *${inert(typed)}* is ingesteld. Zie <https://ok.example/p|de bron>.`));
        expect(html.match(/<strong>/g)).toHaveLength(1);
        expect(html.match(/<a /g)).toHaveLength(1);
        expect(html).toContain('<a href="https://ok.example/p">de bron</a>');
        const inside = html.slice(html.indexOf('<strong>') + 8, html.indexOf('</strong>'));
        expect(inside).not.toMatch(LIVE_TAGS);
      }),
      { numRuns: 500 },
    );
  });

  it('shows the names from the issue as text on a card', () => {
    const html = md.render(toCardMarkdown(`Reflectiemoment ${inert('[Klik hier](https://evil.example) <!channel> @here')}`));
    expect(html).not.toMatch(/<a /);
    expect(shown(html)).toBe('Reflectiemoment [Klik hier](https://evil.example) <!channel> @here');
  });

  it('never lets the bot’s own text form a link target or date function by accident', () => {
    expect(md.render(toCardMarkdown('[x](y) {{DATE(2017-02-14T06:08:39Z)}}'))).not.toMatch(/<a |\{\{/);
  });

  it('gives message responses plain words with typed text escaped', () => {
    expect(toMessageText(`Vraag het aan: ${inert('[Jan](https://evil.example)')}. *Klaar*`)).toBe('Vraag het aan: \\[Jan\\](https\u2060:\u2060//evil\u2060.\u2060example). Klaar');
  });
});
