/**
 * The results post at close, made to be read in ten seconds: a one-line headline, the
 * distribution once (a tally of counts and shares), the median next to the previous
 * round's, the trend chart, the spread warning, statement averages and group figures as
 * lists, at most three suggestions each with its reason and source, the conversation
 * prompt, and the comments as an overflow list — folded away behind a button where the
 * platform can (Teams), otherwise a few in the post and the rest in its thread. Below k it says only that there were too few responses (promise 4) — no
 * label, share or figure of any kind can leak from a hidden round — and still offers
 * what helps: the participation suggestions and the prompt.
 *
 * One vocabulary, one source of truth: the words about tension (headline, spread) come
 * from the same rules as the suggestions, so a post never contradicts itself.
 */
import type { Prompt } from '../../content/schema.ts';
import { prevailingLevel } from '../../core/aggregate.ts';
import { inert } from '../../core/inert-text.ts';
import type { Attachment, Block, ChatMessage } from '../../core/message.ts';
import { GROUP_DIMENSIONS, type GroupDimension, type GroupFigures, type RoundResult, type ShownResult, type Suggestion, type Trend } from '../../core/result.ts';
import { LEVELS, type Level } from '../../core/scale.ts';
import { arrow, keyPart, formatDate, formatDecimal, formatPercent, levelEmoji, levelLabel, levelName, medianName, sanitizeComment, texts, type MessageContext, type Texts } from './format.ts';
import { figureLabel, statementLabel, suggestionEntry } from './reason.ts';
import { PLURAL_LOCALES } from '../../content/i18n.ts';

export const TOP_SUGGESTIONS = 3;
/** Comments in the post itself; the rest continue in its thread. */
export const COMMENTS_IN_POST = 10;
/** Comments in the post where they cannot be folded away (Slack): the rest go to the thread. */
export const COMMENTS_UNFOLDED = 3;

export interface ResultsInput {
  networkName: string;
  roundId: string;
  openedAt: Date | null;
  closedAt: Date;
  result: RoundResult;
  /** Trend over closed rounds up to and including this one. */
  trend: Trend;
  /** Every suggestion for this round, best first. */
  suggestions: Suggestion[];
  prompt: Prompt | undefined;
  /** The trend chart, when one was rendered. */
  chart?: Attachment;
}

/** The "too few responses" line: all a hidden round ever shows of itself. */
export function tooFewText(ctx: MessageContext, n: number, k: number): string {
  return texts(ctx).tx('results.too_few', { n, k });
}

const findSuggestion = (suggestions: readonly Suggestion[], kind: string): Suggestion | undefined =>
  suggestions.find((s) => s.reason.key === `reason.${kind}`);

/**
 * The headline. With a rising or easing tension rule: the level whose share moved, in
 * shares and counts of this round and of the rounds it was compared with. Otherwise
 * the most chosen level (or the tie).
 */
export function verdict(x: Texts, result: ShownResult, suggestions: readonly Suggestion[]): string {
  for (const kind of ['rising-tension', 'easing-tension'] as const) {
    const s = findSuggestion(suggestions, kind);
    const p = s?.reason.params;
    if (!p || typeof p.level !== 'number' || typeof p.baseN !== 'number' || typeof p.baseCount !== 'number') continue;
    const level = p.level as Level;
    return x.tx(`results.verdict.${kind === 'rising-tension' ? 'rising' : 'easing'}`, {
      label: levelName(x.content, x.lang, level),
      count: result.counts[level],
      n: result.n,
      percent: formatPercent(result.shares[level]),
      baseCount: p.baseCount,
      baseN: p.baseN,
      basePercent: formatPercent(p.baseN > 0 ? p.baseCount / p.baseN : 0),
    });
  }
  // The level opens the sentence: its label as written ("Waakzaam kreeg…").
  const top = prevailingLevel(result.counts);
  const tied = LEVELS.filter((l) => l !== top && result.counts[l] === result.counts[top]);
  const params = { label: levelLabel(x.content, x.lang, top), count: result.counts[top], n: result.n, percent: formatPercent(result.shares[top]) };
  const other = tied[0];
  if (other !== undefined) return x.tx('results.verdict.tie', { ...params, label: levelLabel(x.content, x.lang, other), otherLabel: levelName(x.content, x.lang, top) });
  return x.tx('results.verdict.most', params);
}

/** The distribution as a tally: each level with its count and share, level 1 to 4. */
export function distributionTally(x: Texts, result: ShownResult): Block {
  return {
    kind: 'tally',
    rows: LEVELS.map((level) => ({
      label: `${levelEmoji(x.content, level)} ${levelLabel(x.content, x.lang, level)}`.trim(),
      value: `${result.counts[level]} (${formatPercent(result.shares[level])}%)`,
    })),
  };
}

/** The distribution as lines of text, for plain fallbacks: "🟠 *Onenigheid*: 4 (44%)". */
export function distributionLines(x: Texts, result: ShownResult): string {
  return LEVELS.map((level) =>
    x.tx('results.level_line', {
      emoji: levelEmoji(x.content, level),
      label: levelLabel(x.content, x.lang, level),
      count: result.counts[level],
      percent: formatPercent(result.shares[level]),
    }),
  ).join('\n');
}

/** A median in words: "waakzaam", or "tussen waakzaam en onenigheid". */
export function medianWords(x: Texts, median: number): string {
  return medianName(x, median, (low, high) => x.tx('results.between', { low, high }));
}

export function medianText(x: Texts, median: number): string {
  return x.tx('results.median', { label: medianWords(x, median), value: formatDecimal(median, x.lang) });
}

/** The median and the previous round's, on one line. */
export function medianTrendText(x: Texts, median: number, trend: Trend): string {
  return x.tx('results.median_trend', { median: medianText(x, median), trend: trendText(x, trend) });
}

/** The previous round's median, in words; no adjective, so it can never contradict the headline. */
export function trendText(x: Texts, trend: Trend): string {
  const previous = trend.previous;
  if (!previous) return x.tx('results.trend.first');
  if (!previous.result.shown) return x.tx('results.trend.previous_hidden');
  return x.tx('results.trend.previous', { previous: medianWords(x, previous.result.median) });
}

function statementBlocks(x: Texts, result: ShownResult, trend: Trend): Block[] {
  if (result.statements.length === 0) return [];
  const previous = trend.previous?.result.shown ? trend.previous.result : undefined;
  const lines = result.statements.map((s) => {
    const before = previous?.statements.find((p) => p.id === s.id);
    const change = before ? ` ${arrow(Math.round((s.mean - before.mean) * 10) / 10)}` : '';
    return x.tx('results.statement_line', { label: statementLabel(x, s.id), mean: formatDecimal(s.mean, x.lang), n: s.n }) + change;
  });
  return [{ kind: 'subheading', text: x.tx('results.statements') }, { kind: 'list', items: lines }];
}

/**
 * The group figures worth a line: a dimension with shown groups, except the channel of a
 * network that has only one (its one group is everyone, which says nothing).
 */
export function shownDimensions(result: ShownResult): { dimension: GroupDimension; figures: GroupFigures }[] {
  return GROUP_DIMENSIONS.flatMap((dimension) => {
    const figures = result.groups[dimension];
    if (!figures || figures.shown.length === 0) return [];
    if (dimension === 'channel' && figures.shown.length + figures.hidden < 2) return [];
    return [{ dimension, figures }];
  });
}

function groupBlocks(x: Texts, result: ShownResult): Block[] {
  const blocks: Block[] = [];
  let countsOnly = false;
  for (const { dimension, figures } of shownDimensions(result)) {
    const { shown, hidden } = figures;
    const medians = shown.flatMap((g) => (g.median === undefined ? [] : [{ group: g.group, median: g.median }]));
    // Medians come for every group or for none (see groupFigures in core).
    const withMedians = medians.length === shown.length;
    countsOnly ||= !withMedians;
    const lines = shown.map((g) =>
      g.median === undefined
        ? x.tx('results.group_line_count', { label: figureLabel(x, dimension, g), n: g.n })
        : x.tx('results.group_line', { label: figureLabel(x, dimension, g), level: medianWords(x, g.median), median: formatDecimal(g.median, x.lang), n: g.n }),
    );
    const heading = withMedians ? `results.groups.${keyPart(dimension)}` : `results.groups_count.${keyPart(dimension)}`;
    blocks.push({ kind: 'subheading', text: x.tx(heading) }, { kind: 'list', items: lines });
    if (hidden > 0) blocks.push({ kind: 'context', text: x.tx('results.groups_hidden', { count: hidden }) });
  }
  if (countsOnly) blocks.push({ kind: 'context', text: x.tx('results.groups_medians_withheld', { k: result.k }) });
  return blocks;
}

/** The spread warning, when the wide-spread rule fired; a warning sign only when it is an alarm. */
export function spreadText(x: Texts, suggestions: readonly Suggestion[]): string | undefined {
  const s = findSuggestion(suggestions, 'wide-spread');
  const { minLevel, maxLevel } = s?.reason.params ?? {};
  if (!s || typeof minLevel !== 'number' || typeof maxLevel !== 'number') return undefined;
  const text = x.tx('results.spread_wide', {
    minLabel: levelName(x.content, x.lang, minLevel as Level),
    maxLabel: levelName(x.content, x.lang, maxLevel as Level),
  });
  return s.tone === 'tension' ? `⚠️ ${text}` : text;
}

export function suggestionBlocks(x: Texts, suggestions: Suggestion[], roundId: string, limit = TOP_SUGGESTIONS): Block[] {
  if (suggestions.length === 0) return [];
  const blocks: Block[] = [{ kind: 'subheading', text: x.tx('results.suggestions') }];
  suggestions.slice(0, limit).forEach((s, i) => blocks.push(suggestionEntry(x, s, i + 1)));
  blocks.push({ kind: 'actions', buttons: [{ actionId: 'more_interventions', label: x.tx('results.more_interventions'), value: roundId }] });
  return blocks;
}

export function promptBlocks(x: Texts, prompt: Prompt | undefined): Block[] {
  if (!prompt) return [];
  const text = prompt.text[x.lang];
  const group = prompt.group ? x.tx(`results.dilemma_group.${prompt.group}`) : undefined;
  const title = group ? `${group}: ${text.title}` : text.title;
  return [
    { kind: 'subheading', text: x.tx('results.prompt') },
    { kind: 'paragraph', text: `_${title}_\n${text.prompt}` },
    { kind: 'context', text: x.tx('common.source', { source: prompt.source }) },
  ];
}

/** Comments as the post's overflow list: shown shuffled and sanitised (promise 5). */
function commentList(x: Texts, comments: readonly string[]): ChatMessage['list'] {
  const items = comments.map(sanitizeComment).filter((c) => c !== '').map((c) => `“${inert(c)}”`);
  if (items.length === 0) return undefined;
  return {
    heading: x.tx('results.comments'),
    items,
    maxInPost: COMMENTS_IN_POST,
    movedNote: x.tx('results.more_comments', { count: '{count}' }),
    continuedHeading: x.tx('results.comments_continued', { from: '{from}', to: '{to}', total: '{total}' }),
    fold: { label: x.tx('results.comments_fold', { count: '{count}' }), maxUnfolded: COMMENTS_UNFOLDED },
    locale: PLURAL_LOCALES[x.lang],
  };
}

export function resultsMessage(ctx: MessageContext, input: ResultsInput): ChatMessage {
  const x = texts(ctx);
  const { result } = input;
  const title = x.tx('results.title', { name: inert(input.networkName) });
  const when = x.tx('results.when', { date: formatDate(input.closedAt, ctx) });
  if (!result.shown) {
    const tooFew = tooFewText(ctx, result.n, result.k);
    const blocks: Block[] = [{ kind: 'heading', text: title }, { kind: 'paragraph', text: tooFew }];
    const suggestions = suggestionBlocks(x, input.suggestions, input.roundId);
    if (suggestions.length > 0) blocks.push({ kind: 'divider' }, ...suggestions);
    const prompt = promptBlocks(x, input.prompt);
    if (prompt.length > 0) blocks.push({ kind: 'divider' }, ...prompt);
    return { text: `${title}\n${tooFew}`, blocks };
  }
  const headline = verdict(x, result, input.suggestions);
  const core: Block[] = [
    { kind: 'heading', text: title },
    { kind: 'context', text: `${when} · ${x.tx('results.n', { n: result.n })}` },
    { kind: 'paragraph', text: headline },
    distributionTally(x, result),
    { kind: 'paragraph', text: medianTrendText(x, result.median, input.trend) },
  ];
  const blocks: Block[] = [...core];
  const attachments: Attachment[] = [];
  if (input.chart) {
    attachments.push(input.chart);
    blocks.push({ kind: 'image', imageId: input.chart.id, alt: input.chart.alt });
  }
  const spread = spreadText(x, input.suggestions);
  if (spread) blocks.push({ kind: 'paragraph', text: spread });
  blocks.push(...statementBlocks(x, result, input.trend));
  blocks.push(...groupBlocks(x, result));
  const suggestions = suggestionBlocks(x, input.suggestions, input.roundId);
  if (suggestions.length > 0) blocks.push({ kind: 'divider' }, ...suggestions);
  const prompt = promptBlocks(x, input.prompt);
  if (prompt.length > 0) blocks.push({ kind: 'divider' }, ...prompt);
  const message: ChatMessage = { text: `${title}\n${headline}`, blocks };
  const list = commentList(x, result.comments);
  if (list) message.list = list;
  if (attachments.length > 0) message.attachments = attachments;
  // Refused for its size anyway: the core, the best suggestion and every comment in the thread.
  const reduced: ChatMessage = {
    text: message.text,
    blocks: [...core, { kind: 'context', text: x.tx('results.reduced') }, ...suggestionBlocks(x, input.suggestions, input.roundId, 1)],
  };
  if (list) reduced.list = { ...list, maxInPost: 0 };
  if (attachments.length > 0) reduced.attachments = attachments;
  message.reduced = reduced;
  return message;
}

/** The "more suggestions" reply: every suggestion for the round, with how to do it. */
export function interventionsMessage(ctx: MessageContext, input: { networkName: string; suggestions: Suggestion[]; result: RoundResult }): ChatMessage {
  const x = texts(ctx);
  const title = x.tx('interventions.title', { name: inert(input.networkName) });
  if (input.suggestions.length === 0) {
    const none = input.result.shown ? x.tx('interventions.none') : tooFewText(ctx, input.result.n, input.result.k);
    return { text: none, blocks: [{ kind: 'heading', text: title }, { kind: 'paragraph', text: none }] };
  }
  const blocks: Block[] = [{ kind: 'heading', text: title }];
  input.suggestions.forEach((s, i) => blocks.push(suggestionEntry(x, s, i + 1, true)));
  return { text: title, blocks };
}
