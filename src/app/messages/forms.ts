/**
 * The neutral forms: network setup, the "more questions" answer form and the erase
 * confirmation. Field ids here are the contract with the parsers in
 * src/app/setup-input.ts and src/app/answer-input.ts.
 */
import type { AskedAgreement } from '../../core/agreement-ratings.ts';
import type { Answer } from '../../core/answer.ts';
import type { Dependent, Field, Form, Option } from '../../core/message.ts';
import { inert } from '../../core/inert-text.ts';
import { askedGroups, GROUP_QUESTIONS, K_MAX, K_MIN, SCHEDULE_PRESETS, type Network, type NetworkSettings } from '../../core/network.ts';
import { LEVELS, RATINGS } from '../../core/scale.ts';
import { agreementRatingFields } from './agreement-messages.ts';
import { levelEmoji, levelLabel, texts, type MessageContext } from './format.ts';

export const SETUP_FIELDS = {
  name: 'name',
  language: 'language',
  instrument: 'instrument',
  schedule: 'schedule',
  cron: 'cron',
  timeZone: 'timeZone',
  timeZoneOther: 'timeZoneOther',
  openDays: 'openDays',
  k: 'k',
  commentsEnabled: 'commentsEnabled',
  groupQuestions: 'groupQuestions',
  dmReminders: 'dmReminders',
  coordinators: 'coordinators',
} as const;

/** The schedule select's value for "my own cron expression". */
export const CUSTOM_SCHEDULE = 'custom';
/** The time zone select's value for "another zone, typed in". */
export const OTHER_TIME_ZONE = 'other';
/** The time zones a network of Dutch and Caribbean organisations most likely needs; any other can be typed. */
export const LIKELY_TIME_ZONES = [
  'Europe/Amsterdam',
  'Europe/Brussels',
  'Europe/Berlin',
  'Europe/London',
  'America/Curacao',
  'America/Aruba',
  'America/Kralendijk',
  'America/Paramaribo',
] as const;

/** A zone's locale key part: `Europe/Amsterdam` → `europe-amsterdam`. */
export function timeZoneKey(zone: string): string {
  return zone.toLowerCase().replace(/[^a-z]+/g, '-');
}
export const OPEN_DAYS_MAX = 28;

export const ANSWER_FIELDS = { level: 'level', domain: 'domain', orgLevel: 'orgLevel', comment: 'comment' } as const;
/** Statement fields are `s.<statement id>`. */
export const STATEMENT_FIELD_PREFIX = 's.';

export function setupForm(ctx: MessageContext, settings: NetworkSettings, coordinators: string[], context: string): Form {
  const { tx } = texts(ctx);
  const f = SETUP_FIELDS;
  const isPreset = (SCHEDULE_PRESETS as readonly string[]).includes(settings.schedule);
  const likelyZone = (LIKELY_TIME_ZONES as readonly string[]).includes(settings.timeZone);
  const instruments: Option[] = [...ctx.content.instruments.values()].map((i) => ({ value: i.id, label: i.text[ctx.lang].name }));
  const fields: Field[] = [
    { kind: 'text', id: f.name, label: tx('setup.field.name'), initial: settings.name, maxLength: 80 },
    {
      kind: 'select',
      id: f.language,
      label: tx('setup.field.language'),
      options: [
        { value: 'nl', label: tx('setup.language.nl') },
        { value: 'en', label: tx('setup.language.en') },
      ],
      initial: settings.language,
    },
    { kind: 'select', id: f.instrument, label: tx('setup.field.instrument'), options: instruments, initial: settings.instrument, hint: tx('setup.hint.instrument') },
    {
      kind: 'select',
      id: f.schedule,
      label: tx('setup.field.schedule'),
      options: [...SCHEDULE_PRESETS.map((p) => ({ value: p, label: tx(`setup.schedule.${p}`) })), { value: CUSTOM_SCHEDULE, label: tx('setup.schedule.custom') }],
      initial: isPreset ? settings.schedule : CUSTOM_SCHEDULE,
    },
    { kind: 'text', id: f.cron, label: tx('setup.field.cron'), optional: true, maxLength: 100, hint: tx('setup.hint.cron'), ...(isPreset ? {} : { initial: settings.schedule }) },
    {
      kind: 'select',
      id: f.timeZone,
      label: tx('setup.field.time_zone'),
      options: [...LIKELY_TIME_ZONES.map((zone) => ({ value: zone, label: tx(`setup.time_zone.${timeZoneKey(zone)}`) })), { value: OTHER_TIME_ZONE, label: tx('setup.time_zone.other') }],
      initial: likelyZone ? settings.timeZone : OTHER_TIME_ZONE,
    },
    { kind: 'text', id: f.timeZoneOther, label: tx('setup.field.time_zone_other'), optional: true, maxLength: 64, hint: tx('setup.hint.time_zone'), ...(likelyZone ? {} : { initial: settings.timeZone }) },
    { kind: 'number', id: f.openDays, label: tx('setup.field.open_days'), initial: settings.openDays, min: 1, max: OPEN_DAYS_MAX },
    { kind: 'number', id: f.k, label: tx('setup.field.k'), initial: settings.k, min: K_MIN, max: K_MAX, hint: tx('setup.hint.k', { min: K_MIN }) },
    { kind: 'toggle', id: f.commentsEnabled, label: tx('setup.field.comments_enabled'), initial: settings.commentsEnabled },
    {
      kind: 'select',
      id: f.groupQuestions,
      label: tx('setup.field.group_questions'),
      options: GROUP_QUESTIONS.map((q) => ({ value: q, label: tx(`setup.group_questions.${q}`) })),
      initial: settings.groupQuestions,
      hint: tx('setup.hint.group_questions'),
    },
    { kind: 'toggle', id: f.dmReminders, label: tx('setup.field.dm_reminders'), initial: settings.dmReminders, hint: tx('setup.hint.dm_reminders') },
    { kind: 'users', id: f.coordinators, label: tx('setup.field.coordinators'), initial: coordinators, optional: true, hint: tx('setup.hint.coordinators') },
  ];
  const dependents: Dependent[] = [
    { field: f.cron, on: f.schedule, value: CUSTOM_SCHEDULE, revealLabel: tx('setup.reveal.cron') },
    { field: f.timeZoneOther, on: f.timeZone, value: OTHER_TIME_ZONE, revealLabel: tx('setup.reveal.time_zone_other') },
  ];
  return { id: 'setup', title: tx('setup.title'), submitLabel: tx('setup.submit'), context, intro: tx('setup.intro'), fields, requiredMessage: tx('form.required'), dependents };
}

export interface AnswerFormInput {
  roundId: string;
  instrument: string;
  settings: Pick<NetworkSettings, 'commentsEnabled' | 'groupQuestions'>;
  current: Answer | undefined;
  /** The agreements the round asks about, each with the question whether it helps (`app.answer_form.agreement`). */
  agreements?: readonly AskedAgreement[];
}

export function answerForm(ctx: MessageContext, input: AnswerFormInput): Form {
  const x = texts(ctx);
  const { tx } = x;
  const { content, lang } = ctx;
  const current = input.current;
  const levelOptions: Option[] = LEVELS.map((l) => ({ value: String(l), label: `${levelEmoji(content, l)} ${levelLabel(content, lang, l)}`.trim() }));
  const ratingOptions: Option[] = RATINGS.map((r) => ({ value: String(r), label: tx(`answer_form.rating.${r}`) }));
  const fields: Field[] = [
    {
      kind: 'select',
      id: ANSWER_FIELDS.level,
      label: tx('round.question'),
      options: levelOptions,
      expanded: true,
      ...(current ? { initial: String(current.level) } : {}),
    },
  ];
  const instrument = content.instruments.get(input.instrument);
  for (const s of instrument?.statements ?? []) {
    const initial = current?.ratings[s.id];
    fields.push({
      kind: 'select',
      id: `${STATEMENT_FIELD_PREFIX}${s.id}`,
      label: s.text[lang].statement,
      options: ratingOptions,
      optional: true,
      placeholder: tx('answer_form.rating_placeholder'),
      ...(initial !== undefined ? { initial: String(initial) } : {}),
    });
  }
  fields.push(...agreementRatingFields(x, input.agreements ?? [], current));
  const asked = askedGroups(input.settings);
  if (asked.domain) {
    fields.push({
      kind: 'select',
      id: ANSWER_FIELDS.domain,
      label: tx('answer_form.domain'),
      options: content.domains.map((d) => ({ value: d.id, label: d.text[lang].label })),
      optional: true,
      hint: tx('answer_form.group_hint'),
      ...(current?.domain ? { initial: current.domain } : {}),
    });
  }
  if (asked.tier) {
    fields.push({
      kind: 'select',
      id: ANSWER_FIELDS.orgLevel,
      label: tx('answer_form.org_level'),
      options: content.orgLevels.map((d) => ({ value: d.id, label: d.text[lang].label })),
      optional: true,
      ...(asked.domain ? {} : { hint: tx('answer_form.group_hint') }),
      ...(current?.orgLevel ? { initial: current.orgLevel } : {}),
    });
  }
  if (input.settings.commentsEnabled) {
    fields.push({
      kind: 'text',
      id: ANSWER_FIELDS.comment,
      label: tx('answer_form.comment'),
      multiline: true,
      maxLength: 1000,
      optional: true,
      hint: tx('answer_form.comment_hint'),
      ...(current?.comment ? { initial: current.comment } : {}),
    });
  }
  const intro = instrument && instrument.statements.length > 0 ? `${instrument.text[lang].intro}\n${tx('answer_form.intro')}` : tx('answer_form.intro');
  return { id: 'answer', title: tx('answer_form.title'), submitLabel: tx('answer_form.submit'), context: input.roundId, intro, fields, requiredMessage: tx('form.required') };
}

export function eraseForm(ctx: MessageContext, network: Network): Form {
  const { tx } = texts(ctx);
  return {
    id: 'erase',
    title: tx('erase.title'),
    submitLabel: tx('erase.submit'),
    context: network.id,
    intro: tx('erase.intro', { name: inert(network.settings.name) }),
    fields: [],
  };
}
