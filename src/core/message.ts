/**
 * The platform-neutral message and form model. Use cases build these; the Slack
 * renderer maps them to Block Kit and the Teams renderer to Adaptive Cards, nothing more.
 *
 * Text markup is minimal and the same everywhere: `*bold*`, `_italic_`, newlines and
 * `<url|label>` links. Commands are written as Slack's slash command, `/thermometer
 * privacy`. Renderers translate both to the platform's dialect (`@Thermometer privacy`
 * in Teams).
 */

/** Every interactive element the bot offers. Adapters route on these ids. */
export const ACTION_IDS = [
  'answer', // value: `${roundId}:${level}`
  'more_questions', // value: roundId
  'withdraw', // value: roundId
  'post_summary', // value: networkId
  'more_interventions', // value: roundId
  'erase_confirm', // value: networkId
  'adopt_suggestion', // value: `${roundId}:${itemId}`
  'agreement_done', // value: agreementId
  'agreement_drop', // value: agreementId
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface Button {
  actionId: ActionId;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; facts: { label: string; value: string }[] }
  | { kind: 'context'; text: string }
  | { kind: 'divider' }
  | { kind: 'image'; imageId: string; alt: string }
  | { kind: 'actions'; buttons: Button[] };

export interface Attachment {
  /** Referenced by image blocks. */
  id: string;
  filename: string;
  mimeType: 'image/png' | 'text/csv';
  data: Uint8Array;
  alt: string;
}

export interface ChatMessage {
  /** Plain fallback for notifications and screen readers; stands alone. */
  text: string;
  blocks: Block[];
  attachments?: Attachment[];
  /**
   * A list shown after the blocks that may continue in the post's thread when the
   * platform cannot fit all of it (comments): see message-split.ts.
   */
  list?: OverflowList;
  /** A smaller form to post instead when the platform refuses this one for its size. */
  reduced?: ChatMessage;
}

/** Items (e.g. comments) of which a post shows what fits, the rest following in its thread. */
export interface OverflowList {
  /** Heading above the items in the post. */
  heading: string;
  items: string[];
  /** At most this many items in the post itself. */
  maxInPost: number;
  /** Said in the post when items continue in the thread; `{count}` is how many. */
  movedNote: string;
  /** Heading of each follow-up in the thread; `{from}`, `{to}` and `{total}` are filled in. */
  continuedHeading: string;
}

export interface Option {
  value: string;
  label: string;
}

export type Field =
  | { kind: 'text'; id: string; label: string; initial?: string; multiline?: boolean; maxLength?: number; optional?: boolean; hint?: string }
  | { kind: 'number'; id: string; label: string; initial: number; min: number; max: number; hint?: string }
  | { kind: 'select'; id: string; label: string; options: Option[]; initial?: string; optional?: boolean; hint?: string }
  | { kind: 'toggle'; id: string; label: string; initial: boolean; hint?: string }
  | { kind: 'users'; id: string; label: string; initial: string[]; optional?: boolean; hint?: string };

export type FormId = 'setup' | 'answer' | 'erase' | 'agreement';

export interface Form {
  id: FormId;
  title: string;
  submitLabel: string;
  /** Opaque context returned on submit (round id, network id). Never a user id. */
  context: string;
  intro?: string;
  fields: Field[];
  /** Said under a required field left empty (Teams checks before submitting). */
  requiredMessage?: string;
}

/** Submitted values, keyed by field id. Users fields give platform user ids. */
export type FormValues = Record<string, string | number | boolean | string[] | undefined>;
