/**
 * zod schemas for everything under content/: the thermometer levels, instruments and
 * their statements, intervention items, conversation prompts, groups, rules and locale
 * strings. Content is validated at start and in tests; code trusts the parsed types.
 */
import { z } from 'zod';
import type { Rule } from '../core/rule.ts';

const nonEmpty = z.string().trim().min(1);
/** Where an item comes from, e.g. "conflictthermometer, Common Eye magazine (seed 003)". */
const source = nonEmpty;

export function localised<T extends z.ZodType>(inner: T) {
  return z.object({ nl: inner, en: inner }).strict();
}

export const levelSchema = z
  .object({
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    colour: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    emoji: nonEmpty,
    text: localised(
      z.object({ label: nonEmpty, question: nonEmpty.optional(), description: nonEmpty, signals: z.array(nonEmpty).min(1) }).strict(),
    ),
    /** Item ids of the "what can you do" interventions for this level. */
    interventions: z.array(nonEmpty).min(1),
    source,
  })
  .strict();

export const itemSchema = z
  .object({
    id: nonEmpty,
    kind: z.enum(['intervention', 'tip', 'technique', 'practice', 'leadership']),
    text: localised(z.object({ title: nonEmpty.max(75), how: nonEmpty }).strict()),
    source,
  })
  .strict();

export const statementSchema = z
  .object({
    id: nonEmpty,
    text: localised(z.object({ statement: nonEmpty.max(150), label: nonEmpty.max(75), explanation: nonEmpty }).strict()),
    /** Item ids suggested when this statement scores low. */
    tips: z.array(nonEmpty).min(1),
    source,
  })
  .strict();

export const instrumentSchema = z
  .object({
    id: nonEmpty,
    /** A deeper instrument, meant for e.g. quarterly rounds. */
    deep: z.boolean().default(false),
    text: localised(z.object({ name: nonEmpty.max(75), intro: nonEmpty }).strict()),
    statements: z.array(statementSchema),
    source,
  })
  .strict();

export const promptSchema = z
  .object({
    id: nonEmpty,
    kind: z.enum(['dilemma', 'monitor', 'check', 'reflection', 'exercise']),
    /** Dilemma group, e.g. "within-subgroup". */
    group: nonEmpty.optional(),
    text: localised(z.object({ title: nonEmpty.max(150), prompt: nonEmpty }).strict()),
    source,
  })
  .strict();

export const groupLabelSchema = z
  .object({ id: nonEmpty, text: localised(z.object({ label: nonEmpty.max(75) }).strict()), source })
  .strict();

const ruleBase = {
  id: nonEmpty,
  priority: z.number().int(),
  tone: z.enum(['calm', 'neutral', 'tension']),
  suggest: z.array(nonEmpty),
  replaces: z.array(nonEmpty).default([]),
  source,
};
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const share = z.number().gt(0).lt(1);
const tension = { minDelta: z.number().positive(), minT: z.number().nonnegative(), baseline: z.number().int().min(1) };

export const ruleSchema = z.discriminatedUnion('kind', [
  z.object({ ...ruleBase, kind: z.literal('prevailing-level'), level }).strict(),
  z.object({ ...ruleBase, kind: z.literal('rising-tension'), ...tension }).strict(),
  z.object({ ...ruleBase, kind: z.literal('easing-tension'), ...tension }).strict(),
  z.object({ ...ruleBase, kind: z.literal('wide-spread'), minShare: share, minCount: z.number().int().min(1), afterCalmPriority: z.number().int() }).strict(),
  z.object({ ...ruleBase, kind: z.literal('weakest-statement'), below: z.number().min(1).max(5) }).strict(),
  z
    .object({ ...ruleBase, kind: z.literal('participation-drop'), minDropShare: share, minDrop: z.number().int().min(1), window: z.number().int().min(1) })
    .strict(),
  z.object({ ...ruleBase, kind: z.literal('network-dip'), minRounds: z.number().int().min(2), minDropShare: z.number().min(0).lt(1) }).strict(),
  z
    .object({
      ...ruleBase,
      kind: z.literal('group-difference'),
      dimension: z.enum(['domain', 'orgLevel']),
      minDiff: z.number().positive(),
      rounds: z.number().int().min(1),
    })
    .strict(),
  z.object({ ...ruleBase, kind: z.literal('calm-streak'), minRounds: z.number().int().min(2), maxMedian: z.number() }).strict(),
  z.object({ ...ruleBase, kind: z.literal('below-threshold') }).strict(),
  z.object({ ...ruleBase, kind: z.literal('agreement-unhelpful'), minShare: share, minCount: z.number().int().min(1) }).strict(),
  z.object({ ...ruleBase, kind: z.literal('agreement-helped'), rounds: z.number().int().min(2), minShare: share }).strict(),
]);

// The zod schema and the core type must describe the same rules.
type _RuleMatches = z.infer<typeof ruleSchema> extends Rule ? (Rule extends z.infer<typeof ruleSchema> ? true : never) : never;
export const ruleSchemaMatchesCore: _RuleMatches = true;

/** A locale file: flat keys to strings with `{param}` placeholders. */
export const localeFileSchema = z.record(z.string().regex(/^[a-z0-9_.-]+$/), z.string());

export type ThermometerLevel = z.infer<typeof levelSchema>;
export type Item = z.infer<typeof itemSchema>;
export type Statement = z.infer<typeof statementSchema>;
export type Instrument = z.infer<typeof instrumentSchema>;
export type Prompt = z.infer<typeof promptSchema>;
export type GroupLabel = z.infer<typeof groupLabelSchema>;
