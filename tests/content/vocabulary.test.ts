/**
 * One word per concept, and our own words. Every Dutch and English string the bot can
 * show — locale texts, levels, items, instruments, prompts, group labels and both app
 * manifests — is checked against the *Words we use* table of DESIGN.md (no "warmer",
 * no "niveau" for a thermometer level, reactie/response for one person's answer, ronde
 * for a round, organisatielaag/tier…), and no content string may share eight or more
 * consecutive words with a source document (the seeds are to be retold, not pasted).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadContent } from '../../src/content/load.ts';

const content = loadContent();
type Lang = 'nl' | 'en';

interface Text {
  lang: Lang;
  where: string;
  text: string;
  /** A title: where "reflectiemoment" / "check-in" belong. */
  title: boolean;
}

function allTexts(): Text[] {
  const out: Text[] = [];
  const add = (lang: Lang, where: string, text: string | undefined, title = false) => {
    if (text) out.push({ lang, where, text, title });
  };
  for (const lang of ['nl', 'en'] as const) {
    for (const [key, value] of Object.entries(content.locales[lang])) {
      // The demo's simulated comments are what members might type, not the bot's words.
      if (key.startsWith('app.demo.comment.')) continue;
      add(lang, key, value, key.endsWith('.title'));
    }
    for (const level of Object.values(content.levels)) {
      const t = level.text[lang];
      add(lang, `level ${level.level}`, t.label);
      add(lang, `level ${level.level}`, t.question);
      add(lang, `level ${level.level}`, t.description);
      t.signals.forEach((s) => add(lang, `level ${level.level}`, s));
    }
    for (const item of content.items.values()) {
      add(lang, `item ${item.id}`, item.text[lang].title);
      add(lang, `item ${item.id}`, item.text[lang].how);
    }
    for (const instrument of content.instruments.values()) {
      add(lang, `instrument ${instrument.id}`, instrument.text[lang].name, true);
      add(lang, `instrument ${instrument.id}`, instrument.text[lang].intro);
      for (const s of instrument.statements) for (const value of Object.values(s.text[lang])) add(lang, `statement ${s.id}`, value);
    }
    for (const prompt of content.prompts) {
      add(lang, `prompt ${prompt.id}`, prompt.text[lang].title);
      add(lang, `prompt ${prompt.id}`, prompt.text[lang].prompt);
    }
    for (const group of [...content.domains, ...content.orgLevels]) add(lang, `group ${group.id}`, group.text[lang].label);
  }
  const teams = JSON.parse(readFileSync('manifest/teams/manifest.json', 'utf8')) as {
    name: { short: string; full: string };
    description: { short: string; full: string };
    bots: { commandLists: { commands: { description: string }[] }[] }[];
  };
  add('nl', 'teams manifest name', teams.name.full, true);
  add('nl', 'teams manifest', teams.description.short, true);
  add('nl', 'teams manifest', teams.description.full);
  for (const c of teams.bots[0]?.commandLists[0]?.commands ?? []) add('nl', 'teams manifest command', c.description);
  for (const [key, value] of Object.entries(JSON.parse(readFileSync('manifest/teams/en-us.json', 'utf8')) as Record<string, string>)) {
    if (key.startsWith('$') || key === 'localizationKeys') continue;
    add('en', `teams en-us ${key}`, value, key.startsWith('name.') || key === 'description.short');
  }
  const slack = parse(readFileSync('manifest/slack/manifest.yaml', 'utf8')) as {
    display_information: { description: string; long_description: string };
    features: { slash_commands: { description: string }[] };
  };
  add('nl', 'slack manifest', slack.display_information.description, true);
  add('nl', 'slack manifest', slack.display_information.long_description);
  for (const c of slack.features.slash_commands) add('nl', 'slack manifest command', c.description, true);
  return out;
}

/** Words the Words-we-use table rules out, with what to say instead. */
const FORBIDDEN: Record<Lang, { pattern: RegExp; instead: string }[]> = {
  nl: [
    { pattern: /\bwarm(er|e|ste)?\b/i, instead: 'meer spanning (een warme samenwerking is een goede)' },
    { pattern: /\b(koud|kouder|koel|koeler)\b/i, instead: 'minder spanning' },
    { pattern: /\bniveaus?\b/i, instead: 'stand (thermometer) of organisatielaag (bestuur, management, uitvoering)' },
    { pattern: /\btemperaturen\b/i, instead: 'de vier standen' },
    { pattern: /\btemperatuur (stijgt|daalt|is gestegen|is gedaald|is gelijk)/i, instead: 'de spanning stijgt / daalt' },
    { pattern: /\bcheck-ins?\b/i, instead: 'ronde (reflectiemoment in titels)' },
    { pattern: /\bantwoord(en)?\b/i, instead: 'reactie / reageren' },
    { pattern: /\b(stem|stemt|stemmen)\b/i, instead: 'reactie / reageren' },
    { pattern: /\bstil gesloten\b/i, instead: 'gesloten zonder bericht' },
    { pattern: /\bnetwerkwerk\b/i, instead: 'samenwerken in een netwerk' },
    { pattern: /\bherwaarderen\b/i, instead: 'opnieuw bekijken wat het oplevert' },
  ],
  en: [
    { pattern: /\bwarmer\b/i, instead: 'more tension' },
    { pattern: /\b(cooler|colder)\b/i, instead: 'less tension / easing' },
    { pattern: /\btemperatures\b/i, instead: 'the four levels' },
    { pattern: /\btemperature is (rising|falling|unchanged)/i, instead: 'tension is rising / easing' },
    { pattern: /\banswers\b/i, instead: 'responses' },
    { pattern: /\b(an|your|the|their|single|no|one|my) answer\b/i, instead: 'a response' },
    { pattern: /\bvot(e|es|ed|ing)\b/i, instead: 'respond' },
    { pattern: /\bexecution\b/i, instead: 'frontline' },
    { pattern: /\borganisational levels?\b|\bdomain (and|or) level\b|\bby level\b/i, instead: 'tier' },
    { pattern: /\bpinch\b/i, instead: 'chafe, strain' },
    { pattern: /\bdifferent rope\b/i, instead: 'go their own way' },
  ],
};
/** Title words: only in titles. */
const TITLE_ONLY: Record<Lang, RegExp> = { nl: /\breflectiemoment(en)?\b/i, en: /\bcheck-ins?\b/i };

describe('one word per concept', () => {
  const texts = allTexts();

  it('covers every kind of string the bot shows, in both languages', () => {
    for (const lang of ['nl', 'en'] as const) {
      const where = new Set(texts.filter((t) => t.lang === lang).map((t) => t.where.split(' ')[0]));
      for (const kind of ['app.round.title', 'level', 'item', 'instrument', 'statement', 'prompt', 'group', 'teams']) expect([...where].some((w) => w?.startsWith(kind)), `${lang} ${kind}`).toBe(true);
    }
    expect(texts.length).toBeGreaterThan(600);
  });

  it('uses none of the forbidden words, in Dutch or in English', () => {
    const problems: string[] = [];
    for (const t of texts) {
      for (const { pattern, instead } of FORBIDDEN[t.lang]) {
        const m = pattern.exec(t.text);
        if (m) problems.push(`${t.lang} ${t.where}: "${m[0]}" → ${instead}`);
      }
      const title = TITLE_ONLY[t.lang].exec(t.text);
      if (title && !t.title) problems.push(`${t.lang} ${t.where}: "${title[0]}" belongs in titles only`);
    }
    expect(problems).toEqual([]);
  });

  it('catches a forbidden word when one slips in', () => {
    const slipped = [
      { lang: 'nl' as const, text: 'De samenwerking is warmer dan vorige keer.' },
      { lang: 'nl' as const, text: 'Bestuur zit op niveau 2.' },
      { lang: 'en' as const, text: 'The frontline sees it on a higher level than Execution.' },
      { lang: 'en' as const, text: 'Thank you for your answer.' },
    ];
    for (const s of slipped) expect(FORBIDDEN[s.lang].some(({ pattern }) => pattern.test(s.text)), s.text).toBe(true);
  });
});

/** Words of a text, lower case, quotes unified, words broken over a line joined again. */
export function words(text: string): string[] {
  return text
    .replace(/(\p{L})-\s*\n\s*(\p{L})/gu, '$1$2')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w !== '');
}

const SPAN = 8;

function spans(list: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + SPAN <= list.length; i++) out.push(list.slice(i, i + SPAN).join(' '));
  return out;
}

describe('in our own words', () => {
  const seedDir = join('..', 'shared', 'seeds');
  const seedSpans = new Set(
    readdirSync(seedDir)
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => spans(words(readFileSync(join(seedDir, f), 'utf8')))),
  );

  it('shares no run of eight words with a source document', () => {
    const copied: string[] = [];
    for (const t of allTexts()) for (const span of spans(words(t.text))) if (seedSpans.has(span)) copied.push(`${t.lang} ${t.where}: "${span}"`);
    expect(copied).toEqual([]);
  });

  it('would notice a sentence pasted from a seed', () => {
    const pasted = 'Probeer ook samen jullie conflict te duiden, waar bestaat het uit? Maak geen verwijten.';
    expect(spans(words(pasted)).some((s) => seedSpans.has(s))).toBe(true);
    expect(seedSpans.size).toBeGreaterThan(10_000);
  });
});
