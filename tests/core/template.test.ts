/** Filling templates: placeholders, and plurals by the language's own rules. */
import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../src/core/template.ts';
import { t } from '../../src/content/i18n.ts';
import { testContent } from '../helpers/app.ts';

const REACTIES = '{n, plural, =0 {geen reacties} one {# reactie} other {# reacties}} van {name}';

describe('fillTemplate', () => {
  it('chooses the plural form by number, an exact match first', () => {
    expect([0, 1, 2, 21].map((n) => fillTemplate(REACTIES, { n, name: 'Oost' }, 'nl-NL'))).toEqual(['geen reacties van Oost', '1 reactie van Oost', '2 reacties van Oost', '21 reacties van Oost']);
    expect(fillTemplate('{count, plural, one {# group is} other {# groups are}} small', { count: 1 }, 'en-GB')).toBe('1 group is small');
    expect(fillTemplate('{count, plural, one {# group is} other {# groups are}} small', { count: 3 }, 'en-GB')).toBe('3 groups are small');
  });

  it('fills placeholders inside a branch and nested plurals', () => {
    const template = '{n, plural, one {# ronde van {name}} other {# rondes, {k, plural, one {# dag} other {# dagen}} open}}';
    expect(fillTemplate(template, { n: 2, k: 1, name: 'x' })).toBe('2 rondes, 1 dag open');
    expect(fillTemplate(template, { n: 1, k: 7, name: 'Oost' })).toBe('1 ronde van Oost');
  });

  it('keeps a plural whose number is not known yet, to be filled later', () => {
    const later = fillTemplate('{count, plural, one {Nog # opmerking} other {Nog # opmerkingen}} bij {name}', { count: '{count}', name: 'Oost' });
    expect(later).toBe('{count, plural, one {Nog # opmerking} other {Nog # opmerkingen}} bij Oost');
    expect(fillTemplate(later, { count: 4 })).toBe('Nog 4 opmerkingen bij Oost');
  });

  it('inserts values once: typed text is never read as a template', () => {
    expect(fillTemplate('{name}: {n, plural, one {# reactie} other {# reacties}}', { name: '{n} {n, plural, one {x} other {y}}', n: 5 })).toBe('{n} {n, plural, one {x} other {y}}: 5 reacties');
    expect(fillTemplate('{n, plural, one {# van {name}} other {# van {name}}}', { name: '{n}', n: 2 })).toBe('2 van {n}');
  });

  it('gives the locale texts that once said "(en)" and "(s)" their right form', () => {
    const content = testContent();
    expect(t(content, 'nl', 'app.results.groups_hidden', { count: 1 })).toBe('1 groep is te klein om apart te tonen.');
    expect(t(content, 'nl', 'app.results.groups_hidden', { count: 2 })).toBe('2 groepen zijn te klein om apart te tonen.');
    expect(t(content, 'en', 'app.confirm.ratings', { count: 1 })).toBe('What you chose for 1 statement is saved too.');
    expect(t(content, 'nl', 'app.round.more_questions.statements', { count: 5 })).toBe('Meer vragen (5 stellingen)');
    for (const lang of ['nl', 'en'] as const) for (const template of Object.values(content.locales[lang])) expect(template).not.toMatch(/\((?:en|s)\)/);
  });

  it('reads plurals written tightly or loosely, and exact numbers of more than one digit', () => {
    expect(fillTemplate('{n,plural,one{# ronde}other{# rondes}}', { n: 3 })).toBe('3 rondes');
    expect(fillTemplate('{n,   plural,  one {# ronde}   other {# rondes}  } klaar', { n: 1 })).toBe('1 ronde klaar');
    expect(fillTemplate('{n, plural, =12 {een jaar} other {# maanden}}', { n: 12 })).toBe('een jaar');
    expect(fillTemplate('{n, plural, =12 {een jaar} other {# maanden}}', { n: 1 })).toBe('1 maanden');
    // No branch for the category (English "one"): the required "other" speaks.
    expect(fillTemplate('{n, plural, other {# items}}', { n: 1 }, 'en-GB')).toBe('1 items');
  });

  it('puts the number for # outside a nested plural, also after it', () => {
    expect(fillTemplate('{n, plural, other {{k, plural, one {# dag} other {# dagen}} in # rondes}}', { n: 3, k: 7 })).toBe('7 dagen in 3 rondes');
  });

  it('keeps text and lone braces around plurals, and fills the placeholders before and after', () => {
    expect(fillTemplate('a {b} { c {n, plural, other {#}} d {b}', { b: 'B', n: 4 })).toBe('a B { c 4 d B');
    expect(fillTemplate('}{ {n, plural, other {#}}', { n: 2 })).toBe('}{ 2');
  });

  it('leaves a plural it cannot read exactly as written, rather than guessing', () => {
    const cases = [
      '{n, plural, one {# x} other {# y}',
      '{n, plural, junk one {# x} other {# y}}',
      '{n, plural, one {# x} other {# y} junk}',
      '{n, plural, one {# x} two {# y}}',
    ];
    for (const template of cases) expect(fillTemplate(template, { n: 2 }), template).toBe(template);
    expect(fillTemplate('{n, plural, one {# x} other {# y} }', { n: 2 })).toBe('2 y');
    expect(fillTemplate('{n, plural, one {# x} other {# y}}', { n: 'veel' })).toBe('{n, plural, one {# x} other {# y}}');
    expect(fillTemplate('{n, plural, one {# x} other {# y}}', {})).toBe('{n, plural, one {# x} other {# y}}');
  });
});
