/**
 * Everything the bot says about agreements (afspraken): the list anyone can ask for,
 * with buttons to mark one done or let it go for coordinators; the form that turns a
 * suggestion into an agreement; the agreements in a round message and the question per
 * agreement in its answer form; how they were rated in a results post, a summary and
 * the dashboard; and the button under a suggestion that adopts it. Agreements and
 * owners are typed text: they are always placed with inert() (promise 5).
 */
import { AGREEMENT_OWNER_MAX, AGREEMENT_TEXT_MAX, type Agreement } from '../../core/agreement.ts';
import { AGREEMENT_RATINGS, type AgreementFigure, type AskedAgreement } from '../../core/agreement-ratings.ts';
import type { Answer } from '../../core/answer.ts';
import { inert } from '../../core/inert-text.ts';
import type { Block, Button, ChatMessage, Field, Form } from '../../core/message.ts';
import type { ShownResult, Suggestion, TrendPoint } from '../../core/result.ts';
import { formatDate, formatMonth, keyPart, texts, type MessageContext, type Texts } from './format.ts';

/** Field ids of the agreement form: the contract with the use case that reads it. */
export const AGREEMENT_FORM_FIELDS = { text: 'text', owner: 'owner' } as const;
/** The answer form's question whether an agreement helps (`app.answer_form.agreement`): one select per agreement, `a.<agreement id>`. */
export const AGREEMENT_FIELD_PREFIX = 'a.';
/** Agreements marked done or dropped that the list still shows, newest first. */
export const RECENTLY_CLOSED = 5;
/** Agreements a summary follows. */
const SUMMARY_AGREEMENTS = 10;
/** How much of an agreement's text the list shows when the full list is too large for one message. */
export const SHORTENED_TEXT = 60;

/** An agreement's text as a quotation that can never become a mention, a link or markup. */
export function quoted(text: string): string {
  return `“${inert(text)}”`;
}

/** An agreement's text cut to `SHORTENED_TEXT` characters, quoted and inert. */
function shortQuoted(text: string): string {
  return quoted(text.length > SHORTENED_TEXT ? `${text.slice(0, SHORTENED_TEXT - 1).trimEnd()}…` : text);
}

/** How an agreement was rated in a round: the four counts, or that too few rated it. */
export function ratingsText(x: Texts, figure: AgreementFigure): string {
  if (!figure.shown) return x.tx('agreements.too_few');
  const c = figure.counts;
  return x.tx('agreements.ratings', { yes: c.yes, aLittle: c['a-little'], no: c.no, unsure: c.unsure, n: figure.n });
}

function statusText(x: Texts, agreement: Agreement): string {
  if (agreement.status === 'open' || !agreement.closedAt) return x.tx('agreements.status.open', { date: formatDate(agreement.createdAt, x) });
  return x.tx(`agreements.status.${agreement.status}`, { date: formatDate(agreement.closedAt, x) });
}

/** The owner (when named) and the status, on one line: "trekker: werkgroep · loopt sinds 3 maart". */
function detailLine(x: Texts, agreement: Agreement): string {
  const owner = agreement.owner ? `${x.tx('agreements.owner', { owner: inert(agreement.owner) })} · ` : '';
  return `${owner}${statusText(x, agreement)}`;
}

/** An agreement as a list item: its text quoted, then owner and status. */
function agreementItem(x: Texts, agreement: Agreement): string {
  return `${quoted(agreement.text)} — ${detailLine(x, agreement)}`;
}

export interface AgreementsInput {
  networkName: string;
  /** Every agreement of the network, newest first. */
  agreements: Agreement[];
  /** Whether the person asking may mark agreements done or drop them. */
  coordinator: boolean;
}

/** `/thermometer afspraken`: the open agreements and the recently closed ones. */
export function agreementsMessage(ctx: MessageContext, input: AgreementsInput): ChatMessage {
  const x = texts(ctx);
  const title = x.tx('agreements.title', { name: inert(input.networkName) });
  const open = input.agreements.filter((a) => a.status === 'open');
  const closed = input.agreements.filter((a) => a.status !== 'open').sort((a, b) => (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0)).slice(0, RECENTLY_CLOSED);
  const blocks: Block[] = [{ kind: 'heading', text: title }];
  if (open.length === 0 && closed.length === 0) {
    const none = x.tx('agreements.none');
    return { text: `${title}\n${none}`, blocks: [...blocks, { kind: 'paragraph', text: none }] };
  }
  if (open.length === 0) blocks.push({ kind: 'paragraph', text: x.tx('agreements.none_open') });
  else blocks.push({ kind: 'subheading', text: x.tx('agreements.open', { count: open.length }) }, ...openBlocks(x, open, input.coordinator, true));
  if (closed.length > 0) blocks.push({ kind: 'subheading', text: x.tx('agreements.closed_recently') }, { kind: 'list', items: closed.map((a) => agreementItem(x, a)) });
  blocks.push({ kind: 'context', text: x.tx('agreements.footer') });
  const text = `${title}: ${x.tx('agreements.open', { count: open.length })}`;
  if (open.length === 0) return { text, blocks };
  // Twenty agreements of 280 characters (typed markup escaped, owners, status) can be more
  // than one message may hold: then each open one with its buttons, its text shortened.
  const reduced: ChatMessage = {
    text,
    blocks: [
      { kind: 'heading', text: title },
      { kind: 'subheading', text: x.tx('agreements.open', { count: open.length }) },
      ...openBlocks(x, open, input.coordinator, false),
      { kind: 'context', text: x.tx('agreements.shortened') },
    ],
  };
  return { text, blocks, reduced };
}

/**
 * The open agreements: for a coordinator one entry each with its own buttons, so it is
 * clear which one they close (owner and status in its body, so twenty stay within
 * Slack's fifty blocks); for anyone else a list. `full`: the whole text with owner and
 * status, else the text shortened.
 */
function openBlocks(x: Texts, open: readonly Agreement[], coordinator: boolean, full: boolean): Block[] {
  if (!coordinator) return [{ kind: 'list', items: open.map((a) => (full ? agreementItem(x, a) : shortQuoted(a.text))) }];
  return open.flatMap((a, i): Block[] => [
    full ? { kind: 'entry', marker: `${i + 1}.`, title: quoted(a.text), body: detailLine(x, a) } : { kind: 'entry', marker: `${i + 1}.`, title: shortQuoted(a.text) },
    {
      kind: 'actions',
      buttons: [
        { actionId: 'agreement_done', label: x.tx('agreements.done_button'), value: a.id, style: 'primary' },
        { actionId: 'agreement_drop', label: x.tx('agreements.drop_button'), value: a.id },
      ],
    },
  ]);
}

export type AgreementNotice = 'added' | 'already' | 'done' | 'dropped';

/** A one-line answer about one agreement (added, adopted before, marked done, let go). */
export function agreementNotice(ctx: MessageContext, kind: AgreementNotice, agreement: Agreement): ChatMessage {
  const x = texts(ctx);
  const text = x.tx(`agreements.notice.${kind}`, { text: quoted(agreement.text) });
  return { text, blocks: [{ kind: 'paragraph', text }, { kind: 'context', text: x.tx('agreements.notice.list_hint') }] };
}

/** The form that turns a suggestion into an agreement: its text prefilled, editable, and who takes it on. */
export function agreementForm(ctx: MessageContext, input: { context: string; text: string }): Form {
  const { tx } = texts(ctx);
  const f = AGREEMENT_FORM_FIELDS;
  return {
    id: 'agreement',
    title: tx('agreement_form.title'),
    submitLabel: tx('agreement_form.submit'),
    context: input.context,
    intro: tx('agreement_form.intro'),
    fields: [
      { kind: 'text', id: f.text, label: tx('agreement_form.text'), initial: input.text.slice(0, AGREEMENT_TEXT_MAX), multiline: true, maxLength: AGREEMENT_TEXT_MAX, hint: tx('agreement_form.text_hint', { max: AGREEMENT_TEXT_MAX }) },
      { kind: 'text', id: f.owner, label: tx('agreement_form.owner'), optional: true, maxLength: AGREEMENT_OWNER_MAX, hint: tx('agreement_form.owner_hint') },
    ],
    requiredMessage: tx('form.required'),
  };
}

/**
 * "Jullie afspraken: helpen ze?": what the round asks about, in the round message (none:
 * nothing). The heading asks; the form behind "more questions" takes the answer. Two
 * blocks only, so the round card stays short on a phone.
 */
export function roundAgreementsBlocks(x: Texts, agreements: readonly AskedAgreement[]): Block[] {
  if (agreements.length === 0) return [];
  return [
    { kind: 'subheading', text: x.tx('round.agreements') },
    { kind: 'list', items: agreements.map((a) => quoted(a.text)) },
  ];
}

/**
 * One question whether it helps (`app.answer_form.agreement`) per agreement the round asks about: a short scale, so
 * every choice is in view (radio buttons), like the levels.
 */
export function agreementRatingFields(x: Texts, agreements: readonly AskedAgreement[], current: Answer | undefined): Field[] {
  const options = AGREEMENT_RATINGS.map((r) => ({ value: r, label: x.tx(`answer_form.agreement_rating.${keyPart(r)}`) }));
  return agreements.map((a): Field => {
    const initial = current?.agreementRatings?.[a.id];
    return {
      kind: 'select',
      id: `${AGREEMENT_FIELD_PREFIX}${a.id}`,
      label: x.tx('answer_form.agreement', { text: quoted(a.text) }),
      options,
      optional: true,
      expanded: true,
      ...(initial ? { initial } : {}),
    };
  });
}

/** The results post: per agreement the round asked about, how it was rated (from k on). */
export function agreementResultBlocks(x: Texts, result: ShownResult): Block[] {
  const figures = result.agreements ?? [];
  if (figures.length === 0) return [];
  const blocks: Block[] = [
    { kind: 'subheading', text: x.tx('results.agreements') },
    { kind: 'list', items: figures.map((f) => `${quoted(f.text)}: ${ratingsText(x, f)}`) },
  ];
  if (figures.some((f) => !f.shown)) blocks.push({ kind: 'context', text: x.tx('results.agreements_threshold', { k: result.k }) });
  return blocks;
}

/**
 * The button that adopts a suggestion as an agreement (value `roundId:itemId`, its first
 * item). Suggestions about agreements themselves have none, and neither has one whose
 * item is already an open agreement of the network (`adopted`: those items).
 */
export function adoptButton(x: Texts, suggestion: Suggestion, roundId: string, adopted: ReadonlySet<string> = new Set()): Button | undefined {
  const item = suggestion.items[0];
  if (!item || adopted.has(item) || suggestion.reason.key.startsWith('reason.agreement-')) return undefined;
  return { actionId: 'adopt_suggestion', label: x.tx('agreements.adopt_button'), value: `${roundId}:${item}` };
}

/** How an agreement was rated, one line per closed round that asked about it, oldest first. */
export function ratingHistory(x: Texts, agreementId: string, points: readonly TrendPoint[]): string[] {
  return points.flatMap((p) => {
    const figure = p.result.shown ? p.result.agreements?.find((f) => f.id === agreementId) : undefined;
    return figure ? [x.tx('agreements.history_line', { month: formatMonth(p.closedAt, x), ratings: ratingsText(x, figure) })] : [];
  });
}

/** The summary: every agreement its rounds asked about (newest first), rated per round. */
export function agreementSeriesBlocks(x: Texts, points: readonly TrendPoint[]): Block[] {
  const seen = new Map<string, string>();
  for (const p of [...points].reverse()) for (const f of (p.result.shown ? p.result.agreements : undefined) ?? []) if (!seen.has(f.id)) seen.set(f.id, f.text);
  if (seen.size === 0) return [];
  const entries = [...seen.entries()].slice(0, SUMMARY_AGREEMENTS).map(([id, text], i): Block => ({ kind: 'entry', marker: `${i + 1}.`, title: quoted(text), body: ratingHistory(x, id, points).join('\n') }));
  return [{ kind: 'subheading', text: x.tx('summary.agreements') }, ...entries];
}

/** An agreement's status in plain words, with its owner: for the dashboard. */
export function agreementStatusLine(x: Texts, agreement: Agreement): string {
  const owner = agreement.owner ? `${x.tx('agreements.owner', { owner: agreement.owner })} · ` : '';
  return `${owner}${statusText(x, agreement)}`;
}
