/** What a comment may carry: words, never a pointer to a person or a place, never hidden characters. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeComment } from '../../src/core/comment-text.ts';

const POINTERS: [string, string][] = [
  ['Kijk <!channel> en <!here>', 'Kijk en'],
  ['Vraag het <@U0X123|jan>', 'Vraag het'],
  ['Zie <https://evil.example|Klik hier>', 'Zie'],
  ['Lees [Klik hier](https://evil.example) nu', 'Lees Klik hier nu'],
  ['Mail jan.devries@gemeente.nl gerust', 'Mail … gerust'],
  ['Kijk op evil.example of bit.ly/abc', 'Kijk op … of …'],
  ['zie www.evil.example/pad en https://x.nl', 'zie … en …'],
  ['Dank (@jan) en,@marie; ＠piet', 'Dank (@…) en,@… ; @…'.replace(' ;', ';')],
  ['gevaar\u202Eesrever en\u2066iso\u2069', 'gevaaresrever eniso'],
  ['onzicht\u200Bbaar\u200C\u200D\u2060\uFEFF', 'onzichtbaar'],
  ['regel\neen\tregel twee', 'regel een regel twee'],
  ['Lees [meer info](http://x.nl/a) nu', 'Lees meer info nu'],
  ['Lees [klik](gewoon) nu', 'Lees klik nu'],
  ['Beeld ![logo](pad/naar/plaatje) hier', 'Beeld logo hier'],
  ['hoi <!channel> daar', 'hoi daar'],
  ['Kijk <b>vet</b> hier', 'Kijk vet hier'],
  ['3 > 2 en 1 < 2', '3 2 en 1 2'],
  ['zie https://evil.example/pad?x=1 nu', 'zie … nu'],
  ['zie git+ssh://host/repo nu', 'zie … nu'],
  ['zie HTTPS://EVIL.EXAMPLE nu', 'zie … nu'],
  ['mailto:jan@x.nl', '…'],
  ['mail jan.de.vries@gemeente-oost.nl graag', 'mail … graag'],
  ['mail j@x.nl of 06@123.nl of Élodie@école.fr', 'mail … of … of …'],
  ['mail jan@sub.gemeente.nl', 'mail …'],
  ['kijk op gemeente.nl of sub.domein-x.example:8080/pad nu', 'kijk op … of … nu'],
  ['zie -evil.nl en evil.nl- en (evil.nl)', 'zie -… en … en (…)'],
  ['vraag @jan.de-vries_2 en @Émile', 'vraag @… en @…'],
  ['a\u00ADb\u200Bc\uE000d\u0007e\uFFFFf\uD800g', 'abcdefg'],
  ['Hij zei: "zie x.nl"', 'Hij zei: "zie …"'],
  [`${'['.repeat(15)}a${Array.from({ length: 15 }, (_, i) => `](t${i})`).join('')}`, 'a'],
];

describe('comments', () => {
  it.each(POINTERS)('%j loses every pointer and hidden character', (input, expected) => {
    expect(sanitizeComment(input)).toBe(expected);
  });

  it('keeps ordinary words, punctuation and numbers', () => {
    expect(sanitizeComment('Goed overleg, 3 van de 4 keer! Wel: meer tijd (graag).')).toBe('Goed overleg, 3 van de 4 keer! Wel: meer tijd (graag).');
    for (const kept of ['versie 1.2 en 3.14 en co.1', 'e-mail niet, zo.n ding, t.z.t. graag', 'rond 09.30 uur', 'Klaar!.Nu verder', 'Dit [staat] (los)', 'een @ alleen', 'Één ÿ ß ñ 中文 😀 werkt']) {
      expect(sanitizeComment(kept)).toBe(kept);
    }
  });

  it('keeps nothing when nothing readable is left', () => {
    expect(sanitizeComment(' <!here> \u200B ')).toBe('');
  });

  it('leaves nothing that points anywhere, whatever is typed', () => {
    const pieces = fc.constantFrom('<', '>', '!', 'channel', 'here', '@', '＠', 'U0X', '|', '[', ']', '(', ')', 'https://', 'http:', '//', 'www.', 'mailto:', '.', 'nl', 'example', 'jan', ' ', '\n', ',', '\u202E', '\u200B', '\u2066', 'ë', '1', '-');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }).map((a) => a.join('')), (typed) => {
        const out = sanitizeComment(typed);
        expect(out).not.toMatch(/[<>]/);
        expect(out).not.toMatch(/[@＠][\p{L}\p{N}._-]/u);
        expect(out).not.toMatch(/[a-z]+:\/\/|www\.|mailto:/i);
        expect(out).not.toMatch(/\[[^\]]*\]\([^)]*\)/);
        expect(out).not.toMatch(/[\p{L}\p{N}]\.\p{L}{2,}/u);
        expect(out).not.toMatch(/[\p{Cf}\p{Cc}]/u);
        expect(sanitizeComment(out)).toBe(out);
      }),
      { numRuns: 500, examples: [['nl.example1']] },
    );
  });
});
