/**
 * Reads and validates content/ once at start. Every problem (schema, duplicate id,
 * dangling reference, locale key in one language only) is collected and reported
 * together, naming the file, so a content editor can fix them in one go.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Rule } from '../core/rule.ts';
import type { Language } from '../core/network.ts';
import { LANGUAGES } from '../core/network.ts';
import type { Level } from '../core/scale.ts';
import {
  groupLabelSchema,
  instrumentSchema,
  itemSchema,
  levelSchema,
  localeFileSchema,
  promptSchema,
  ruleSchema,
  type GroupLabel,
  type Instrument,
  type Item,
  type Prompt,
  type ThermometerLevel,
} from './schema.ts';

export const DEFAULT_CONTENT_DIR = fileURLToPath(new URL('../../content', import.meta.url));

export interface Content {
  levels: Record<Level, ThermometerLevel>;
  items: Map<string, Item>;
  instruments: Map<string, Instrument>;
  prompts: Prompt[];
  domains: GroupLabel[];
  orgLevels: GroupLabel[];
  rules: Rule[];
  locales: Record<Language, Record<string, string>>;
}

export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(readonly problems: string[]) {
    super(`content/ has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  }
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

export function loadContent(dir: string = DEFAULT_CONTENT_DIR): Content {
  const problems: string[] = [];
  const rel = (file: string): string => relative(dir, file) || file;

  function read<T>(file: string, schema: z.ZodType<T>): T | undefined {
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${rel(file)}: cannot read YAML (${(error as Error).message.split('\n')[0]})`);
      return undefined;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${rel(file)}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      return undefined;
    }
    return parsed.data;
  }

  const levelList = read(join(dir, 'levels.yaml'), z.array(levelSchema)) ?? [];
  const levels = {} as Record<Level, ThermometerLevel>;
  for (const l of levelList) levels[l.level] = l;
  for (const n of [1, 2, 3, 4] as const) if (!levels[n]) problems.push(`levels.yaml: level ${n} is missing`);

  const items = new Map<string, Item>();
  for (const file of yamlFiles(join(dir, 'items'))) {
    for (const item of read(file, z.array(itemSchema)) ?? []) {
      if (items.has(item.id)) problems.push(`${rel(file)}: item id "${item.id}" is used twice`);
      items.set(item.id, item);
    }
  }

  const instruments = new Map<string, Instrument>();
  const statementIds = new Set<string>();
  for (const file of yamlFiles(join(dir, 'instruments'))) {
    const instrument = read(file, instrumentSchema);
    if (!instrument) continue;
    if (instruments.has(instrument.id)) problems.push(`${rel(file)}: instrument id "${instrument.id}" is used twice`);
    instruments.set(instrument.id, instrument);
    for (const s of instrument.statements) {
      if (statementIds.has(s.id)) problems.push(`${rel(file)}: statement id "${s.id}" is used twice`);
      statementIds.add(s.id);
    }
  }

  const prompts = read(join(dir, 'prompts.yaml'), z.array(promptSchema)) ?? [];
  const groups = read(
    join(dir, 'groups.yaml'),
    z.object({ domains: z.array(groupLabelSchema), orgLevels: z.array(groupLabelSchema) }).strict(),
  ) ?? { domains: [], orgLevels: [] };
  const rules = read(join(dir, 'rules.yaml'), z.array(ruleSchema)) ?? [];

  const locales = { nl: {}, en: {} } as Record<Language, Record<string, string>>;
  for (const lang of LANGUAGES) {
    for (const file of yamlFiles(join(dir, 'locales', lang))) {
      for (const [key, value] of Object.entries(read(file, localeFileSchema) ?? {})) {
        if (key in locales[lang]) problems.push(`${rel(file)}: locale key "${key}" is defined twice`);
        locales[lang][key] = value;
      }
    }
  }

  // Cross-references: everything a level, statement or rule points at must exist.
  const mustExist = (id: string, where: string): void => {
    if (!items.has(id)) problems.push(`${where} refers to missing item "${id}"`);
  };
  for (const l of levelList) l.interventions.forEach((id) => mustExist(id, `levels.yaml level ${l.level}`));
  for (const i of instruments.values()) for (const s of i.statements) s.tips.forEach((id) => mustExist(id, `instrument ${i.id} statement ${s.id}`));
  const ruleIds = new Set<string>();
  for (const r of rules) {
    if (ruleIds.has(r.id)) problems.push(`rules.yaml: rule id "${r.id}" is used twice`);
    ruleIds.add(r.id);
    r.suggest.forEach((id) => mustExist(id, `rules.yaml rule ${r.id}`));
  }
  for (const r of rules) for (const id of r.replaces) if (!ruleIds.has(id)) problems.push(`rules.yaml: rule ${r.id} replaces missing rule "${id}"`);
  for (const key of Object.keys(locales.nl)) if (!(key in locales.en)) problems.push(`locale key "${key}" exists in nl only`);
  for (const key of Object.keys(locales.en)) if (!(key in locales.nl)) problems.push(`locale key "${key}" exists in en only`);
  if (!instruments.has('thermometer')) problems.push('instruments: the "thermometer" instrument is missing');

  if (problems.length > 0) throw new ContentError(problems);
  return { levels, items, instruments, prompts, domains: groups.domains, orgLevels: groups.orgLevels, rules, locales };
}
