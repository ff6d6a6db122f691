/**
 * Reads the "more questions" form into an Answer, validated against the round's
 * instrument and the network's settings by core's validateAnswer. Selects arrive as
 * strings from every platform; empty ones mean "not answered".
 */
import type { Content } from '../content/load.ts';
import { validateAnswer, type Answer } from '../core/answer.ts';
import type { AnswerChange } from '../core/linkage-port.ts';
import type { FormValues } from '../core/message.ts';
import { askedGroups, type NetworkSettings } from '../core/network.ts';
import { ANSWER_FIELDS, STATEMENT_FIELD_PREFIX } from './messages/forms.ts';

const numberOrRaw = (value: unknown): unknown => {
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return value;
};

const blank = (value: unknown): boolean => value === undefined || value === null || value === '';

export function statementIds(content: Pick<Content, 'instruments'>, instrument: string): string[] {
  return content.instruments.get(instrument)?.statements.map((s) => s.id) ?? [];
}

/**
 * `fallbackLevel` is the person's current level, used when the form leaves it out.
 * Domain and tier are ignored when the network does not ask for them.
 */
export function parseAnswerForm(
  values: FormValues,
  options: { statementIds: readonly string[]; settings: Pick<NetworkSettings, 'commentsEnabled' | 'groupQuestions'>; fallbackLevel?: number },
): Answer {
  const ratings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!key.startsWith(STATEMENT_FIELD_PREFIX) || blank(value)) continue;
    ratings[key.slice(STATEMENT_FIELD_PREFIX.length)] = numberOrRaw(value);
  }
  const level = blank(values[ANSWER_FIELDS.level]) ? options.fallbackLevel : numberOrRaw(values[ANSWER_FIELDS.level]);
  const ask = askedGroups(options.settings);
  return validateAnswer(
    {
      level,
      ratings,
      domain: ask.domain ? values[ANSWER_FIELDS.domain] : undefined,
      orgLevel: ask.tier ? values[ANSWER_FIELDS.orgLevel] : undefined,
      comment: values[ANSWER_FIELDS.comment],
    },
    { statementIds: options.statementIds, commentsEnabled: options.settings.commentsEnabled },
  );
}

/**
 * The form as a change to a person's answer. A form without a level keeps the person's
 * current level, which only the linkage store knows; the rest is validated here with a
 * stand-in level, and the store refuses the change when there is no current answer.
 */
export function parseAnswerChange(
  values: FormValues,
  options: { statementIds: readonly string[]; settings: Pick<NetworkSettings, 'commentsEnabled' | 'groupQuestions'> },
): AnswerChange {
  if (!blank(values[ANSWER_FIELDS.level])) return { kind: 'form', answer: parseAnswerForm(values, options) };
  const { level: _standIn, ...rest } = parseAnswerForm(values, { ...options, fallbackLevel: 1 });
  return { kind: 'form', answer: rest };
}
