/**
 * Typed text in Slack's dialects: whatever is typed shows exactly as typed and is never
 * a mention, a channel ping, a link, an emoji code, a quote or formatting. Slack's own
 * parser is not available, so "live" is modelled on its formatting reference: every
 * `<…>` is a control sequence, `*_~\`` format, `&gt;` at a line start quotes, and a
 * client may link anything shaped like an address or domain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inert, typedTextShown } from '../../../src/core/inert-text.ts';
import { cutMrkdwn, slackText, toMrkdwn, toPlain } from '../../../src/adapters/slack/mrkdwn.ts';

const DATE_LITERAL = /<!date\^00000000\^\{_\}\|([*_~`]+)>/g;

/** What Slack shows for mrkdwn that holds no markup of the bot's own. */
function visible(mrkdwn: string): string {
  return mrkdwn.replace(DATE_LITERAL, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/[\u00AD\u2060]/g, '');
}

/** Everything Slack could turn live in mrkdwn made from typed text alone; empty when inert. */
function liveParts(mrkdwn: string): string[] {
  const rest = mrkdwn.replace(DATE_LITERAL, 'X');
  const found: string[] = [];
  for (const m of rest.matchAll(/[<>*_~`]/g)) found.push(`control ${m[0]}`);
  for (const m of rest.matchAll(/&(?!amp;|lt;|gt;)/g)) found.push(`bare & at ${m.index}`);
  for (const m of rest.matchAll(/[.@:](?=[^\s\u2060])/g)) found.push(`linkable ${m[0]} at ${m.index}`);
  for (const m of rest.matchAll(/(?:^|\n)[ \t]*&gt;/g)) found.push(`quote at ${m.index}`);
  return found;
}

const DANGEROUS = [
  '<!channel>', '<!here>', '<!everyone>', '<@U0X123>', '<#C0GENERAL>', '<https://evil.example|Klik hier>', '[x](https://evil.example)',
  'jan@gemeente.nl', 'evil.example', 'www.evil.example', '(@jan', '*vet*', '_schuin_', '~weg~', '`code`', '> quote', '&amp;', '&lt;',
  ':smile:', '\u202E', '\u200B', '<!date^1^{date}|x>', '\n', ' ', 'a', 'é', '|', '>', '<', '&', '*', '_', '~', '`', '.', '@', ':',
];
const typedText = fc.oneof(
  fc.array(fc.constantFrom(...DANGEROUS), { maxLength: 12 }).map((a) => a.join('')),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

describe('typed text in Slack mrkdwn', () => {
  it('escapes the name from the issue so nothing in it is live', () => {
    const out = toMrkdwn(`Het netwerk *${inert('<!channel> <https://evil.example|Klik hier> <@U0X>')}* is ingesteld.`);
    expect(out).not.toMatch(/<!channel>|<@U0X>|<https:/);
    expect(out).toContain('&lt;!channel&gt;');
    expect(out.startsWith('Het netwerk *')).toBe(true);
  });

  it('shows any typed text exactly as typed, and nothing in it is live', () => {
    fc.assert(
      fc.property(typedText, fc.boolean(), (typed, newline) => {
        const out = toMrkdwn(`${newline ? 'Titel\n' : ''}${inert(typed)}`).slice(newline ? 'Titel\n'.length : 0);
        expect(visible(out)).toBe(typedTextShown(typed).replace(/[\u00AD\u2060]/g, ''));
        expect(liveParts(out)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the bot’s own markup around typed text working', () => {
    fc.assert(
      fc.property(typedText, (typed) => {
        const out = toMrkdwn(`*Opmerkingen* <https://x.example/p|bron> <@U1ABC>\n“${inert(typed)}”`);
        expect(out.startsWith('*Opmerkingen* <https://x.example/p|bron> <@U1ABC>\n“')).toBe(true);
        expect(liveParts(out.slice(out.indexOf('“')))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('never lets the bot’s text carry a control sequence it did not write as a link or mention', () => {
    expect(toMrkdwn('zie <!channel> & <#C1> <https://ok.example|ok>')).toBe('zie &lt;!channel&gt; &amp; &lt;#C1&gt; <https://ok.example|ok>');
  });

  it('sends typed text without markup of its own as plain_text, shown as typed', () => {
    fc.assert(
      fc.property(typedText, (typed) => {
        fc.pre(typedTextShown(typed) !== '');
        const text = slackText(`Uitkomst ${inert(typed)}`, 3000);
        expect(text).toEqual({ type: 'plain_text', text: `Uitkomst ${typedTextShown(typed)}`, emoji: true });
      }),
      { numRuns: 300 },
    );
    expect(slackText(`Netwerk *${inert('x')}*`, 3000)).toMatchObject({ type: 'mrkdwn', verbatim: true });
    expect(slackText('*Gewoon* vet', 3000)).toEqual({ type: 'mrkdwn', text: '*Gewoon* vet' });
    expect(toPlain(`*Kop* <https://a.example|link> ${inert('*typed*')}`)).toBe('Kop link *typed*');
  });

  it('cuts long mrkdwn only between tokens and entities', () => {
    fc.assert(
      fc.property(typedText, fc.integer({ min: 2, max: 120 }), (typed, max) => {
        const cut = cutMrkdwn(toMrkdwn(inert(typed)), max);
        expect(cut.length).toBeLessThanOrEqual(max);
        const body = cut.endsWith('…') ? cut.slice(0, -1) : cut;
        expect(body.replace(DATE_LITERAL, 'X')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
      }),
      { numRuns: 500 },
    );
  });
});
