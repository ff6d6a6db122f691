/**
 * Renders the platform-neutral message and form model as Adaptive Cards 1.5 for Teams,
 * and reads submitted card data back into neutral form values. Mapping only: what a
 * card says is decided by the use cases.
 *
 * Buttons become `Action.Execute` with `verb` = the action id and `data.value` = the
 * button value (Universal Actions, so Teams sends an `adaptiveCard/action` invoke and
 * the bot can answer the clicking person with a card of their own). Blocks keep their
 * order, so a round card's first buttons are its first actions block: the four
 * thermometer levels — stacked one per action set, as DESIGN.md allows, because four
 * labels side by side do not fit a channel message, let alone a phone.
 *
 * Layout follows Teams' host config, where `Medium` text is body size: the title is
 * `Large`, section headings `Medium` and bold. Lists are one TextBlock per item, since
 * card Markdown joins lines that a single newline separates (AdaptiveCards issue 5538).
 */
import type {
  ActionStyle,
  CardElementArray,
  IActionSet,
  IAdaptiveCard,
  IChoiceSetInput,
  IColumnSet,
  IContainer,
  IExecuteAction,
  IFactSet,
  IImage,
  INumberInput,
  ITextBlock,
  ITextInput,
  IToggleInput,
  IToggleVisibilityAction,
} from '@microsoft/teams.cards';
import type { Attachment, Block, Button, ChatMessage, Dependent, Field, Form, FormId, FormValues } from '../../core/message.ts';
import type { Downloads } from '../../http/downloads.ts';
import { textSegments, withoutMarkers, type TextSegment } from '../../core/inert-text.ts';
import { inTeamsWords, teamsWords } from './wording.ts';

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/** Verb of every form's submit button; `data._form` says which form. */
export const SUBMIT_VERB = 'submit';
/** Keys the bot adds to action data. Prefixed so they never collide with input ids. */
export const DATA_KEYS = { form: '_form', context: '_context', fields: '_fields', channel: '_channel' } as const;

/** The people picker's data set: members of the conversation the card is in. */
export const PEOPLE_DATASET = 'graph.microsoft.com/users?scope=currentContext';

export interface RenderOptions {
  /** URL for an attachment: a data: URI when small, else a short-lived download link. */
  attachmentUrl(attachment: Attachment): string;
  /** Merged into every button's data, e.g. the channel a card sent in a 1:1 chat acts on. */
  actionContext?: Record<string, string>;
}

export interface FormRenderOptions {
  actionContext?: Record<string, string>;
  /** Display names for prefilled people (Entra object id → name). */
  names?: ReadonlyMap<string, string>;
}

/** Teams rejects activities over about 28 KB, so only small images travel inside the card. */
export const MAX_INLINE_BYTES = 12 * 1024;
const IMAGE_LINK_TTL_MS = 30 * 24 * 3600_000;
const FILE_LINK_TTL_MS = 15 * 60_000;

/**
 * The attachment policy: small images inline as data: URIs, larger ones and other files
 * as download links (images live as long as a results card is likely to be looked at).
 */
export function attachmentUrls(downloads: Downloads, maxInlineBytes = MAX_INLINE_BYTES): (attachment: Attachment) => string {
  return (attachment) => {
    const isImage = attachment.mimeType.startsWith('image/');
    if (isImage && attachment.data.length <= maxInlineBytes) {
      return `data:${attachment.mimeType};base64,${Buffer.from(attachment.data).toString('base64')}`;
    }
    return downloads.put(attachment.data, attachment.mimeType, attachment.filename, isImage ? IMAGE_LINK_TTL_MS : FILE_LINK_TTL_MS);
  };
}

/** A ChatMessage as an Adaptive Card. */
export function renderMessage(neutral: ChatMessage, options: RenderOptions): IAdaptiveCard {
  const message = inTeamsWords(neutral);
  const attachments = new Map((message.attachments ?? []).map((a) => [a.id, a]));
  const referenced = new Set<string>();
  const body: CardElementArray = [];
  // Folded lists: one button and one hidden container per fold label, later parts join it.
  const folds = new Map<string, IContainer>();
  let separateNext = false;
  for (const block of message.blocks) {
    if (block.kind === 'divider') {
      separateNext = body.length > 0;
      continue;
    }
    if (block.kind === 'list' && block.fold !== undefined) {
      const known = folds.get(block.fold);
      if (known) {
        known.items.push(...listItems(block.items));
        continue;
      }
      const id = `fold-${folds.size + 1}`;
      const container: IContainer = { type: 'Container', id, isVisible: false, items: listItems(block.items) };
      folds.set(block.fold, container);
      const toggle: IToggleVisibilityAction = { type: 'Action.ToggleVisibility', title: withoutMarkers(block.fold), targetElements: [id] };
      const button: IActionSet = { type: 'ActionSet', actions: [toggle] };
      if (separateNext) button.separator = true;
      separateNext = false;
      body.push(button, container);
      continue;
    }
    const elements = renderBlock(block, attachments, referenced, options);
    const first = elements[0];
    if (!first) continue;
    if (separateNext) first.separator = true;
    separateNext = false;
    body.push(...elements);
  }
  // Files no image block shows (a CSV, say) are offered as links.
  for (const attachment of message.attachments ?? []) {
    if (referenced.has(attachment.id)) continue;
    body.push(textBlock(`[${escapeLinkText(attachment.filename)}](${options.attachmentUrl(attachment)})`));
  }
  if (body.length === 0) body.push(textBlock(toCardMarkdown(message.text)));
  return card(body, message.text);
}

/** A neutral form as an Adaptive Card with inputs and one Action.Execute submit. */
export function renderForm(form: Form, options: FormRenderOptions = {}): IAdaptiveCard {
  const body: CardElementArray = [titleBlock(form.title)];
  if (form.intro) body.push(textBlock(toCardMarkdown(form.intro)));
  const dependents = new Map((form.dependents ?? []).map((d) => [d.field, d]));
  for (const field of form.fields) {
    const elements: Element[] = [withErrorMessage(renderField(field, options.names), form.requiredMessage)];
    if (field.hint) elements.push({ type: 'TextBlock', text: toCardMarkdown(field.hint), isSubtle: true, size: 'Small', wrap: true, spacing: 'None' });
    const dependent = dependents.get(field.id);
    body.push(...(dependent ? folded(form, dependent, elements) : elements));
  }
  const fields: Record<string, Field['kind']> = {};
  for (const field of form.fields) fields[field.id] = field.kind;
  const submit: IExecuteAction = {
    type: 'Action.Execute',
    title: withoutMarkers(form.submitLabel),
    verb: SUBMIT_VERB,
    style: 'positive',
    data: { ...options.actionContext, [DATA_KEYS.form]: form.id, [DATA_KEYS.context]: form.context, [DATA_KEYS.fields]: fields },
  };
  body.push({ type: 'ActionSet', actions: [submit] } satisfies IActionSet);
  return card(body, form.title);
}

/**
 * A field that matters for one choice only: shown when that choice is already made,
 * otherwise folded behind a button (a card cannot react to a choice being changed).
 * Hidden inputs are submitted all the same.
 */
function folded(form: Form, dependent: Dependent, elements: Element[]): Element[] {
  const controller = form.fields.find((f) => f.id === dependent.on);
  const chosen = controller?.kind === 'select' && controller.initial === dependent.value;
  if (chosen) return elements;
  const id = `reveal-${dependent.field}`;
  const toggle: IToggleVisibilityAction = { type: 'Action.ToggleVisibility', title: withoutMarkers(dependent.revealLabel), targetElements: [id] };
  return [
    { type: 'ActionSet', actions: [toggle], spacing: 'Small' } satisfies IActionSet,
    { type: 'Container', id, isVisible: false, items: elements } satisfies IContainer,
  ];
}

/** The body of an `adaptiveCard/action` invoke response that shows a card to the clicker only. */
export function cardResponse(card: IAdaptiveCard): { statusCode: 200; type: typeof CARD_CONTENT_TYPE; value: IAdaptiveCard } {
  return { statusCode: 200, type: CARD_CONTENT_TYPE, value: card };
}

/** The body of an invoke response that shows a short message to the clicker. */
export function messageResponse(text: string): { statusCode: 200; type: 'application/vnd.microsoft.activity.message'; value: string } {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: toMessageText(teamsWords(text)) };
}

/** The activity attachment that carries a card. */
export function cardAttachment(card: IAdaptiveCard): { contentType: typeof CARD_CONTENT_TYPE; content: IAdaptiveCard } {
  return { contentType: CARD_CONTENT_TYPE, content: card };
}

/** Where a typed segment goes while the markup around it is translated. */
const PLACEHOLDER = /\uE002(\d+)\uE003/g;
const placeholder = (index: number): string => `\uE002${index}\uE003`;
const WORD_JOINER = '\u2060';

/**
 * Translates the neutral markup to the Markdown subset Adaptive Cards render:
 * `*bold*` → `**bold**`, `<url|label>` → `[label](url)`. A single newline does not break
 * a line in a TextBlock, so lines become paragraphs, except between list items, which
 * Teams separates with `\r`. Typed text (inert segments) is escaped by `escapeTyped`;
 * the bot's own text never forms a Markdown link or a date function by accident.
 */
export function toCardMarkdown(text: string): string {
  const segments = textSegments(text);
  const masked = segments.map((s, i) => (s.inert ? placeholder(i) : defuse(s.text))).join('');
  const inline = masked
    .replace(/<(https?:\/\/[^|>\s]+)\|([^>]+)>/g, (_m, url: string, label: string) => `[${escapeLinkText(label)}](${url})`)
    .replace(/<(https?:\/\/[^|>\s]+)>/g, (_m, url: string) => `[${url}](${url})`)
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?![*\w])/g, '$1**$2**');
  const lines = inline.split(/\r?\n/);
  let out = '';
  lines.forEach((line, i) => {
    if (i > 0) out += isListItem(line) && isListItem(lines[i - 1] ?? '') ? '\r' : '\n\n';
    out += line;
  });
  return substituteTyped(out, segments);
}

/**
 * Neutral text for places Teams shows as a short message rather than a card (an invoke's
 * message response): the bot's markup reduced to plain words, typed text escaped all
 * the same in case a client reads it as Markdown.
 */
export function toMessageText(text: string): string {
  const segments = textSegments(text);
  const plain = segments
    .map((s, i) => (s.inert ? placeholder(i) : s.text))
    .join('')
    .replace(/<(https?:\/\/[^|>\s]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?![*\w])/g, '$1$2');
  return substituteTyped(plain, segments);
}

function substituteTyped(text: string, segments: TextSegment[]): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    out += text.slice(last, match.index);
    const segment = segments[Number(match[1])];
    if (segment) out += escapeTyped(segment.text, /(^|[\n\r])[ \t]*$/.test(out));
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
}

/** The bot's own text: `](` cannot start a link target, `{{` cannot start a date function. */
function defuse(text: string): string {
  return text.replace(/\](?=\()/g, `]${WORD_JOINER}`).replace(/\{(?=\{)/g, `{${WORD_JOINER}`);
}

/**
 * Typed text as Adaptive Card Markdown that shows exactly that text and nothing live:
 * CommonMark backslash escapes for what would format or link (`* _ [ ] ~ \``, a `<`
 * that could open an autolink, an `&` that could open an entity, a list, heading or
 * quote marker at a line start), invisible word joiners around a `.`, `@` or `:` that
 * touches the next character (no client then finds an address, domain or link in it;
 * a full stop at the end of a sentence stays as typed) and one
 * between `{{` (Adaptive Cards' DATE/TIME functions). Lines become paragraphs, as the
 * bot's own lines do.
 */
export function escapeTyped(text: string, atLineStart: boolean): string {
  return text
    .split(/\r?\n|\r/)
    .map((line, i) => {
      let s = line
        .replace(/\\(?=[!-/:-@[-`{-~]|$)/g, '\\\\')
        .replace(/[[\]*~`]/g, '\\$&')
        .replace(/_/g, (m: string, at: number, all: string) => (/[\p{L}\p{N}]/u.test(all.charAt(at - 1)) && /[\p{L}\p{N}]/u.test(all.charAt(at + 1)) ? m : '\\_'))
        .replace(/<(?=[A-Za-z/!?])/g, '\\<')
        .replace(/&(?=#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)/gi, '\\&')
        .replace(/\{(?=\{)/g, `{${WORD_JOINER}`)
        .replace(/[.@:](?=\S)/g, `${WORD_JOINER}$&${WORD_JOINER}`);
      if (i > 0 || atLineStart) s = s.replace(/^[ \t]+/, '').replace(/^([-+#>=|])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
      return s;
    })
    .join('\n\n');
}

function isListItem(line: string): boolean {
  return /^\s*(?:[-•]\s|\d+\.\s)/.test(line);
}

function escapeLinkText(text: string): string {
  return text.replace(/[[\]]/g, '');
}

function card(body: CardElementArray, fallbackText: string): IAdaptiveCard {
  return { type: 'AdaptiveCard', $schema: CARD_SCHEMA, version: '1.5', body, fallbackText: withoutMarkers(fallbackText), msteams: { width: 'full' } };
}

function textBlock(text: string): ITextBlock {
  return { type: 'TextBlock', text, wrap: true };
}

function titleBlock(text: string): ITextBlock {
  return { type: 'TextBlock', text: toCardMarkdown(text), size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' };
}

/** One TextBlock per item, close together, each with its bullet. */
function listItems(items: readonly string[]): ITextBlock[] {
  return items.map((item) => ({ type: 'TextBlock', text: `•\u00a0${toCardMarkdown(item).replace(/\n\n/g, ' ')}`, wrap: true, spacing: 'None' }));
}

type Element = CardElementArray[number];

function renderBlock(block: Exclude<Block, { kind: 'divider' }>, attachments: Map<string, Attachment>, referenced: Set<string>, options: RenderOptions): Element[] {
  switch (block.kind) {
    case 'heading':
      return [titleBlock(block.text)];
    case 'subheading':
      return [{ type: 'TextBlock', text: toCardMarkdown(block.text), size: 'Medium', weight: 'Bolder', wrap: true, spacing: 'Large' } satisfies ITextBlock];
    case 'paragraph':
      return [textBlock(toCardMarkdown(block.text))];
    case 'list':
      return [{ type: 'Container', items: listItems(block.items), spacing: 'Small' } satisfies IContainer];
    case 'entry':
      return [entry(block)];
    case 'tally':
      return [
        {
          type: 'Container',
          spacing: 'Medium',
          items: block.rows.map(
            (row, i): IColumnSet => ({
              type: 'ColumnSet',
              spacing: i === 0 ? 'None' : 'Small',
              columns: [
                { type: 'Column', width: 3, items: [{ type: 'TextBlock', text: toCardMarkdown(row.label), wrap: true }] },
                { type: 'Column', width: 2, items: [{ type: 'TextBlock', text: toCardMarkdown(row.value), wrap: true, weight: 'Bolder' }] },
              ],
            }),
          ),
        } satisfies IContainer,
      ];
    case 'context':
      return [{ type: 'TextBlock', text: toCardMarkdown(block.text), isSubtle: true, size: 'Small', wrap: true } satisfies ITextBlock];
    case 'facts':
      return [
        {
          type: 'FactSet',
          facts: block.facts.map((f) => ({ title: toCardMarkdown(f.label), value: toCardMarkdown(f.value) })),
        } satisfies IFactSet,
      ];
    case 'image': {
      const attachment = attachments.get(block.imageId);
      if (!attachment) return [];
      referenced.add(attachment.id);
      return [{ type: 'Image', url: options.attachmentUrl(attachment), altText: withoutMarkers(block.alt), size: 'Stretch', allowExpand: true } satisfies IImage];
    }
    case 'actions':
      if (block.stacked) return block.buttons.map((b, i): IActionSet => ({ type: 'ActionSet', actions: [executeAction(b, options.actionContext)], spacing: i === 0 ? 'Default' : 'Small' }));
      return [{ type: 'ActionSet', actions: block.buttons.map((b) => executeAction(b, options.actionContext)) } satisfies IActionSet];
  }
}

/** A numbered entry: the number beside a column of title, explanation and note, so it reads as one piece. */
function entry(block: Extract<Block, { kind: 'entry' }>): IColumnSet {
  const items: ITextBlock[] = [{ type: 'TextBlock', text: toCardMarkdown(block.title), weight: 'Bolder', wrap: true }];
  for (const line of (block.body ?? '').split('\n').filter((l) => l.trim() !== '')) items.push({ type: 'TextBlock', text: toCardMarkdown(line), wrap: true, spacing: 'None' });
  if (block.note) items.push({ type: 'TextBlock', text: toCardMarkdown(block.note), isSubtle: true, size: 'Small', wrap: true, spacing: 'None' });
  return {
    type: 'ColumnSet',
    spacing: 'Medium',
    columns: [
      { type: 'Column', width: 'auto', items: [{ type: 'TextBlock', text: escapeTyped(block.marker, true), weight: 'Bolder', wrap: false }] },
      { type: 'Column', width: 'stretch', items },
    ],
  };
}

function executeAction(button: Button, context: Record<string, string> | undefined): IExecuteAction {
  const action: IExecuteAction = { type: 'Action.Execute', title: withoutMarkers(button.label), verb: button.actionId, data: { ...context, value: button.value } };
  const style = buttonStyle(button.style);
  if (style) action.style = style;
  return action;
}

function buttonStyle(style: Button['style']): ActionStyle | undefined {
  if (style === 'primary') return 'positive';
  if (style === 'danger') return 'destructive';
  return undefined;
}

/** A required input says what is missing when left empty (Microsoft's card validator asks for it). */
function withErrorMessage(element: Element, message: string | undefined): Element {
  if (message && 'isRequired' in element && element.isRequired === true) return { ...element, errorMessage: message };
  return element;
}

function renderField(field: Field, names: ReadonlyMap<string, string> | undefined): Element {
  switch (field.kind) {
    case 'text': {
      const input: ITextInput = { type: 'Input.Text', id: field.id, label: withoutMarkers(field.label), isRequired: !field.optional };
      if (field.initial !== undefined) input.value = field.initial;
      if (field.multiline) input.isMultiline = true;
      if (field.maxLength !== undefined) input.maxLength = field.maxLength;
      return input;
    }
    case 'number':
      return { type: 'Input.Number', id: field.id, label: withoutMarkers(field.label), value: field.initial, min: field.min, max: field.max, isRequired: true } satisfies INumberInput;
    case 'select': {
      const input: IChoiceSetInput = {
        type: 'Input.ChoiceSet',
        id: field.id,
        label: withoutMarkers(field.label),
        style: field.expanded ? 'expanded' : 'compact',
        isRequired: !field.optional,
        choices: field.options.map((o) => ({ title: withoutMarkers(o.label), value: o.value })),
      };
      if (field.initial !== undefined) input.value = field.initial;
      if (field.placeholder !== undefined) input.placeholder = withoutMarkers(field.placeholder);
      return input;
    }
    case 'toggle':
      return { type: 'Input.Toggle', id: field.id, title: withoutMarkers(field.label), value: String(field.initial), valueOn: 'true', valueOff: 'false', wrap: true } satisfies IToggleInput;
    case 'users': {
      // Teams' people picker: a ChoiceSet fed by Graph; values are Entra object ids,
      // comma-separated. Prefilled people need a choice each so their names show.
      const input: IChoiceSetInput = {
        type: 'Input.ChoiceSet',
        id: field.id,
        label: withoutMarkers(field.label),
        isMultiSelect: true,
        isRequired: !field.optional,
        choices: field.initial.map((id) => ({ title: names?.get(id) ?? id, value: id })),
        'choices.data': { type: 'Data.Query', dataset: PEOPLE_DATASET },
      };
      if (field.initial.length > 0) input.value = field.initial.join(',');
      return input;
    }
  }
}

const MAX_TEXT = 5000;
const MAX_USERS = 50;

export interface Submission {
  form: FormId;
  context: string;
  values: FormValues;
}

/**
 * Reads a form submission from `Action.Execute` data: Teams merges input values (all
 * strings) into the action's data. Field kinds come back with the data, so values are
 * typed without keeping forms on the server; the use cases validate them as untrusted
 * input all the same. Returns undefined for data that is not a form submission.
 */
export function readSubmission(data: Record<string, unknown>): Submission | undefined {
  const form = data[DATA_KEYS.form];
  const context = data[DATA_KEYS.context];
  const fields = data[DATA_KEYS.fields];
  if (form !== 'setup' && form !== 'answer' && form !== 'erase') return undefined;
  if (typeof context !== 'string' || context.length > 200) return undefined;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return undefined;
  const values: FormValues = {};
  for (const [id, kind] of Object.entries(fields as Record<string, unknown>)) {
    if (id.startsWith('_') || id === 'value') continue;
    values[id] = readValue(kind, data[id]);
  }
  return { form, context, values };
}

function readValue(kind: unknown, raw: unknown): FormValues[string] {
  const text = typeof raw === 'string' ? raw.slice(0, MAX_TEXT) : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  switch (kind) {
    case 'text':
    case 'select':
      return text === undefined || text.trim() === '' ? undefined : text;
    case 'number': {
      if (text === undefined || text.trim() === '') return undefined;
      const n = Number(text);
      // An unparsable number goes through as text so validation names the field.
      return Number.isFinite(n) ? n : text;
    }
    case 'toggle':
      return text === 'true';
    case 'users':
      return (text ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .slice(0, MAX_USERS);
    default:
      return undefined;
  }
}
