/**
 * Neutral messages and forms → Block Kit, and modal submissions → neutral form values.
 * Only mapping: what a message says is decided by the use cases. Text goes through
 * mrkdwn.ts (the bot's markup as mrkdwn, typed text inert, plain_text where Slack
 * would not format anyway), and lengths are cut to Block Kit's limits so Slack never
 * rejects a post.
 */
import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { Block, Button, ChatMessage, Field, Form, FormValues } from '../../core/message.ts';
import { cutMrkdwn, cutPlain, mrkdwnPrefix, slackText, toMrkdwn, toPlain } from './mrkdwn.ts';
import { capBlocks } from './limits.ts';

type KnownBlock = types.KnownBlock;
type View = types.View;

const LIMIT = { header: 150, section: 3000, field: 2000, button: 75, option: 75, context: 3000, value: 2000, fallback: 3000, title: 24, submit: 24, label: 2000, placeholder: 150 };

export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** action_id must be unique within a block: `answer#2` carries the neutral id and its place. */
export function slackActionId(button: Button, index: number): string {
  return `${button.actionId}#${index}`;
}

export function neutralActionId(slackId: string): string {
  return slackId.split('#')[0] ?? slackId;
}

/** A plain_text object: markup removed, typed text as typed, cut to the field's limit. */
function plain(text: string, max: number) {
  return { type: 'plain_text' as const, text: cutPlain(toPlain(text), max), emoji: true as const };
}

/**
 * A long paragraph becomes several sections, split at line ends when one is near,
 * otherwise at the limit (never inside an entity or a `<…>` token).
 */
function sections(text: string): KnownBlock[] {
  const whole = slackText(text, Number.MAX_SAFE_INTEGER);
  const parts: string[] = [];
  let rest = whole.text;
  while (rest.length > LIMIT.section) {
    const at = rest.lastIndexOf('\n', LIMIT.section);
    const split = at > LIMIT.section / 2 ? at : whole.type === 'mrkdwn' ? mrkdwnPrefix(rest, LIMIT.section).length : LIMIT.section;
    parts.push(rest.slice(0, split));
    rest = rest.slice(split).replace(/^\n/, '');
  }
  if (rest.trim() !== '') parts.push(rest);
  return parts.map((p): KnownBlock => ({ type: 'section', text: { ...whole, text: p } }));
}

function renderBlock(block: Block, altOf: (imageId: string) => string | undefined): KnownBlock[] {
  switch (block.kind) {
    case 'heading':
      return [{ type: 'header', text: plain(block.text, LIMIT.header) }];
    case 'subheading':
      return sections(`*${block.text}*`);
    case 'paragraph':
      return sections(block.text);
    case 'list':
      // mrkdwn keeps single newlines: one line per item, each with its bullet.
      return sections(block.items.map((item) => `• ${item}`).join('\n'));
    case 'entry': {
      const out = sections([`*${block.marker} ${block.title}*`, block.body].filter((p) => p !== undefined && p !== '').join('\n'));
      if (block.note) out.push({ type: 'context', elements: [slackText(block.note, LIMIT.context)] });
      return out;
    }
    case 'tally': {
      // Fields stand in two columns on a wide screen and one on a phone.
      const out: KnownBlock[] = [];
      for (let i = 0; i < block.rows.length; i += 10) {
        out.push({ type: 'section', fields: block.rows.slice(i, i + 10).map((r) => slackText(`${r.label}\n*${r.value}*`, LIMIT.field)) });
      }
      return out;
    }
    case 'facts': {
      const out: KnownBlock[] = [];
      for (let i = 0; i < block.facts.length; i += 10) {
        const fields = block.facts.slice(i, i + 10).map((f) => slackText(`*${f.label}*\n${f.value}`, LIMIT.field));
        out.push({ type: 'section', fields });
      }
      return out;
    }
    case 'context':
      return [{ type: 'context', elements: [slackText(block.text, LIMIT.context)] }];
    case 'divider':
      return [{ type: 'divider' }];
    case 'image': {
      // Images travel as uploaded files (into the message's thread); in the message
      // itself their alt text stands in, so the text alone still tells the story.
      const alt = altOf(block.imageId) ?? block.alt;
      return alt ? [{ type: 'context', elements: [slackText(`📊 ${alt}`, LIMIT.context)] }] : [];
    }
    case 'actions':
      return [
        {
          type: 'actions',
          elements: block.buttons.slice(0, 25).map((button, index) => ({
            type: 'button' as const,
            action_id: slackActionId(button, index),
            text: plain(button.label, LIMIT.button),
            value: cut(button.value, LIMIT.value),
            ...(button.style ? { style: button.style } : {}),
          })),
        },
      ];
  }
}

export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

export function renderMessage(message: ChatMessage): RenderedMessage {
  const altOf = (id: string): string | undefined => message.attachments?.find((a) => a.id === id)?.alt;
  const blocks = capBlocks(message.blocks.flatMap((b) => renderBlock(b, altOf)));
  return { text: cutMrkdwn(toMrkdwn(message.text), LIMIT.fallback), blocks };
}

/** What a modal carries back on submit: the use case's context and the channel it came from. */
export const modalMetadataSchema = z.object({ context: z.string(), channel: z.string() });
export type ModalMetadata = z.infer<typeof modalMetadataSchema>;

function option(value: string, label: string) {
  return { text: plain(label, LIMIT.option), value };
}

function element(field: Field): Record<string, unknown> {
  switch (field.kind) {
    case 'text':
      return {
        type: 'plain_text_input',
        action_id: field.id,
        multiline: field.multiline ?? false,
        ...(field.maxLength ? { max_length: field.maxLength } : {}),
        ...(field.initial ? { initial_value: field.initial } : {}),
      };
    case 'number':
      return {
        type: 'number_input',
        action_id: field.id,
        is_decimal_allowed: false,
        min_value: String(field.min),
        max_value: String(field.max),
        initial_value: String(field.initial),
      };
    case 'select': {
      // Radio buttons show a short scale at once (Slack allows ten); longer lists stay a dropdown.
      const expanded = field.expanded === true && field.options.length <= 10;
      const options = field.options.slice(0, expanded ? 10 : 100).map((o) => option(o.value, o.label));
      const initial = options.find((o) => o.value === field.initial);
      return {
        type: expanded ? 'radio_buttons' : 'static_select',
        action_id: field.id,
        options,
        ...(initial ? { initial_option: initial } : {}),
        ...(field.placeholder && !expanded ? { placeholder: plain(field.placeholder, LIMIT.placeholder) } : {}),
      };
    }
    case 'toggle': {
      const on = option('on', field.label);
      return { type: 'checkboxes', action_id: field.id, options: [on], ...(field.initial ? { initial_options: [on] } : {}) };
    }
    case 'users':
      return { type: 'multi_users_select', action_id: field.id, ...(field.initial.length > 0 ? { initial_users: field.initial } : {}) };
  }
}

/** The value a select holds: what the person picked in the open modal, else its initial value. */
function currentChoice(form: Form, id: string, state: ViewState | undefined): string | undefined {
  const picked = state?.[id]?.[id]?.selected_option?.value;
  if (picked !== undefined) return picked;
  const field = form.fields.find((f) => f.id === id);
  return field?.kind === 'select' ? field.initial : undefined;
}

/** The selects other fields depend on: a change there updates the modal (see modal-choices.ts). */
export function controllingFields(form: Pick<Form, 'dependents'>): Set<string> {
  return new Set((form.dependents ?? []).map((d) => d.on));
}

/**
 * The modal of a form. A field that depends on a choice is there only while that
 * choice is made; `state` (the open modal's values) says what is chosen now.
 */
export function renderModal(form: Form, metadata: ModalMetadata, state?: ViewState): View {
  const blocks: Record<string, unknown>[] = [];
  if (form.intro) blocks.push({ type: 'section', text: slackText(form.intro, LIMIT.section) });
  const controllers = controllingFields(form);
  for (const field of form.fields) {
    const dependent = form.dependents?.find((d) => d.field === field.id);
    if (dependent && currentChoice(form, dependent.on, state) !== dependent.value) continue;
    const optional = field.kind === 'toggle' || ('optional' in field && field.optional === true);
    blocks.push({
      type: 'input',
      block_id: field.id,
      optional,
      ...(controllers.has(field.id) ? { dispatch_action: true } : {}),
      label: plain(field.kind === 'toggle' ? (field.hint ?? field.label) : field.label, LIMIT.label),
      element: element(field),
      ...(field.hint && field.kind !== 'toggle' ? { hint: plain(field.hint, LIMIT.label) } : {}),
    });
  }
  return {
    type: 'modal',
    callback_id: form.id,
    title: plain(form.title, LIMIT.title),
    submit: plain(form.submitLabel, LIMIT.submit),
    private_metadata: JSON.stringify(metadata),
    blocks: blocks as unknown as KnownBlock[],
  };
}

/** The shape of `view.state.values` for the elements this app renders. */
const stateValueSchema = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_users: z.array(z.string()).nullish(),
});
export const viewStateSchema = z.record(z.string(), z.record(z.string(), stateValueSchema));
export type ViewState = z.infer<typeof viewStateSchema>;

/** Maps a submitted modal back to neutral values, typed by the form's own fields. */
export function readModalValues(form: Pick<Form, 'fields'>, state: z.infer<typeof viewStateSchema>): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    const v = state[field.id]?.[field.id];
    if (!v) continue;
    switch (field.kind) {
      case 'text':
        values[field.id] = v.value ?? undefined;
        break;
      case 'number':
        values[field.id] = v.value === null || v.value === undefined || v.value === '' ? undefined : Number(v.value);
        break;
      case 'select':
        values[field.id] = v.selected_option?.value;
        break;
      case 'toggle':
        values[field.id] = (v.selected_options ?? []).some((o) => o.value === 'on');
        break;
      case 'users':
        values[field.id] = v.selected_users ?? [];
        break;
    }
  }
  return values;
}
