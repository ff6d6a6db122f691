import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentError, DEFAULT_CONTENT_DIR, loadContent } from '../../src/content/load.ts';
import { DOMAINS, ORG_LEVELS } from '../../src/core/network.ts';
import type { RuleKind } from '../../src/core/rule.ts';

const content = loadContent();
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of content/ with one file changed, loaded; returns the problems reported. */
function problemsAfter(file: string, change: (text: string) => string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  dirs.push(dir);
  cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
  try {
    loadContent(dir);
  } catch (error) {
    if (error instanceof ContentError) return error.problems;
    throw error;
  }
  return [];
}

describe('the content library', () => {
  it('has the four levels, the four instruments with 5, 7 and 10 statements, twelve dilemmas in four groups and the monitor questions', () => {
    expect(Object.keys(content.levels)).toEqual(['1', '2', '3', '4']);
    expect(content.instruments.get('thermometer')?.statements).toHaveLength(0);
    expect(content.instruments.get('common-eye')?.statements).toHaveLength(5);
    expect(content.instruments.get('werkzame-principes')?.statements).toHaveLength(7);
    expect(content.instruments.get('netwerkvoorwaarden')?.statements).toHaveLength(10);
    expect(content.instruments.get('netwerkvoorwaarden')?.deep).toBe(true);
    const dilemmas = content.prompts.filter((p) => p.kind === 'dilemma');
    expect(dilemmas).toHaveLength(12);
    const groups = new Map<string, number>();
    for (const d of dilemmas) groups.set(d.group ?? '', (groups.get(d.group ?? '') ?? 0) + 1);
    expect([...groups.values()]).toEqual([3, 3, 3, 3]);
    expect(content.prompts.some((p) => p.kind === 'monitor')).toBe(true);
  });

  it('has a rule of every kind the engine knows', () => {
    const kinds: RuleKind[] = [
      'prevailing-level',
      'rising-tension',
      'easing-tension',
      'wide-spread',
      'weakest-statement',
      'participation-drop',
      'network-dip',
      'group-difference',
      'calm-streak',
      'below-threshold',
      'agreement-unhelpful',
      'agreement-helped',
    ];
    for (const kind of kinds) expect(content.rules.some((r) => r.kind === kind)).toBe(true);
    for (const level of [1, 2, 3, 4]) expect(content.rules.some((r) => r.kind === 'prevailing-level' && r.level === level)).toBe(true);
  });

  it('labels every domain and level of seed 000 in both languages', () => {
    expect(content.domains.map((d) => d.id).sort()).toEqual([...DOMAINS].sort());
    expect(content.orgLevels.map((d) => d.id).sort()).toEqual([...ORG_LEVELS].sort());
  });

  it('keeps texts within Slack and Teams limits', () => {
    const short: string[] = [];
    const long: string[] = [];
    for (const l of Object.values(content.levels)) for (const lang of ['nl', 'en'] as const) {
      short.push(l.text[lang].label);
      long.push(l.text[lang].description);
    }
    for (const i of content.items.values()) for (const lang of ['nl', 'en'] as const) {
      short.push(i.text[lang].title);
      long.push(i.text[lang].how);
    }
    for (const ins of content.instruments.values()) {
      for (const lang of ['nl', 'en'] as const) {
        short.push(ins.text[lang].name);
        long.push(ins.text[lang].intro);
      }
      for (const s of ins.statements) for (const lang of ['nl', 'en'] as const) {
        short.push(s.text[lang].label);
        long.push(s.text[lang].statement, s.text[lang].explanation);
      }
    }
    for (const lang of ['nl', 'en'] as const) long.push(...Object.values(content.locales[lang]));
    expect(short.filter((s) => s.length > 75)).toEqual([]);
    expect(long.filter((s) => s.length > 3000)).toEqual([]);
  });

  it('names a source for every item', () => {
    const all = [...Object.values(content.levels), ...content.items.values(), ...content.instruments.values(), ...content.prompts, ...content.rules];
    for (const item of all) expect(item.source.length).toBeGreaterThan(5);
  });
});

describe('content checks catch mistakes', () => {
  it('reports an item without its English text', () => {
    const problems = problemsAfter('items/network.yaml', (t) => t.replace(/\n {4}en: \{ title: Do you recognise the network dip\?[^\n]*/, ''));
    expect(problems.join('\n')).toMatch(/items\/network\.yaml: .*en/);
  });

  it('reports an item without a source', () => {
    const problems = problemsAfter('items/network.yaml', (t) => t.replace(/\n {2}source: Een veelvoorkomende dynamiek[^\n]*/, ''));
    expect(problems.join('\n')).toMatch(/source/);
  });

  it('reports a duplicate id', () => {
    const problems = problemsAfter('items/network.yaml', (t) => t.replace('id: network-dip-old-habits', 'id: network-dip-recognise'));
    expect(problems.join('\n')).toMatch(/"network-dip-recognise" is used twice/);
  });

  it('reports a rule that suggests a missing item', () => {
    const problems = problemsAfter('rules.yaml', (t) => t.replace('suggest: [pseudo-consensus', 'suggest: [no-such-item'));
    expect(problems.join('\n')).toMatch(/rule wide-spread refers to missing item "no-such-item"/);
  });

  it('reports a rule that replaces a missing rule', () => {
    const problems = problemsAfter('rules.yaml', (t) => t.replace('replaces: [participation-drop]', 'replaces: [no-such-rule]'));
    expect(problems).toContain('rules.yaml: rule network-dip replaces missing rule "no-such-rule"');
  });

  it('reports a locale key present in one language only', () => {
    const problems = problemsAfter('locales/nl/charts.yaml', (t) => `${t}charts.only_dutch: "alleen Nederlands"\n`);
    expect(problems).toContain('locale key "charts.only_dutch" exists in nl only');
  });
});
