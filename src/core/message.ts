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
  'rotate_join_code', // value: networkId
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface Button {
  actionId: ActionId;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

/** One row of a tally (a distribution): a label and its figure, e.g. "🟠 Onenigheid" and "4 (44%)". */
export interface TallyRow {
  label: string;
  value: string;
}

/**
 * What a message is made of. Structure is explicit, so each platform can show it the
 * way its readers expect: a title, section headings, lists with one item per line (a
 * single newline inside a paragraph is only a line break on Slack; Adaptive Card
 * Markdown joins such lines), numbered entries, a tally.
 */
export type Block =
  /** The message's title: one per message, first. */
  | { kind: 'heading'; text: string }
  /** A section's heading. */
  | { kind: 'subheading'; text: string }
  | { kind: 'paragraph'; text: string }
  /**
   * Items shown one per line. `fold`: where the platform can, the list is folded away
   * behind a button with this label (Teams); elsewhere it is shown as is.
   */
  | { kind: 'list'; items: string[]; fold?: string }
  /** A numbered entry with a title, an explanation and a small note (a suggestion and its source). */
  | { kind: 'entry'; marker: string; title: string; body?: string; note?: string }
  | { kind: 'tally'; rows: TallyRow[] }
  | { kind: 'facts'; facts: { label: string; value: string }[] }
  | { kind: 'context'; text: string }
  | { kind: 'divider' }
  | { kind: 'image'; imageId: string; alt: string }
  /**
   * Buttons. `stacked`: choices that must each stay readable, one per row where the
   * platform would otherwise cut them off (Teams: one action set per button).
   */
  | { kind: 'actions'; buttons: Button[]; stacked?: boolean };

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
  /**
   * Where a platform can fold the list away behind a button (Teams), its label; there
   * the post holds up to `maxInPost` items, folded. Elsewhere the post shows at most
   * `maxUnfolded` and the rest continue in the thread, so the post stays short.
   */
  fold?: { label: string; maxUnfolded: number };
  /** Said in the post when items continue in the thread; `{count}` is how many (plurals allowed). */
  movedNote: string;
  /** Heading of each follow-up in the thread; `{from}`, `{to}` and `{total}` are filled in. */
  continuedHeading: string;
  /** Whose plural rules the notes follow (`nl-NL`, `en-GB`); see core/template.ts. */
  locale?: string;
}

export interface Option {
  value: string;
  label: string;
}

export type Field =
  | { kind: 'text'; id: string; label: string; initial?: string; multiline?: boolean; maxLength?: number; optional?: boolean; hint?: string }
  | { kind: 'number'; id: string; label: string; initial: number; min: number; max: number; hint?: string }
  | {
      kind: 'select';
      id: string;
      label: string;
      options: Option[];
      initial?: string;
      optional?: boolean;
      hint?: string;
      /** Every option in view (radio buttons) rather than a dropdown: for a short scale people should see at once. */
      expanded?: boolean;
      /** Said in an empty dropdown, e.g. what the scale means. */
      placeholder?: string;
    }
  | { kind: 'toggle'; id: string; label: string; initial: boolean; hint?: string }
  | { kind: 'users'; id: string; label: string; initial: string[]; optional?: boolean; hint?: string };

export type FormId = 'setup' | 'answer' | 'erase';

/**
 * A field that only matters for one choice of a select (a cron expression for "own
 * schedule", a time zone for "other"). Slack shows it once that choice is made (the
 * modal is updated); Teams, whose cards cannot react to a choice, keeps it folded
 * behind a button with `revealLabel` unless the choice is already made.
 */
export interface Dependent {
  /** The field that depends. */
  field: string;
  /** The select it depends on, and the value that makes it matter. */
  on: string;
  value: string;
  revealLabel: string;
}

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
  dependents?: Dependent[];
}

/** Submitted values, keyed by field id. Users fields give platform user ids. */
export type FormValues = Record<string, string | number | boolean | string[] | undefined>;
