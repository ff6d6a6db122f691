/**
 * The dashboard of a network as a view model: every closed round as its stored final
 * aggregate (distribution, median, spread, statements, the group figures that passed
 * k, the conversation prompt), statements over time, and a place for agreements. Built
 * only from what was stored at close, in the same words as the results post, so the
 * dashboard can show nothing a results post would not. Comments are left out: a report
 * that is printed and passed around carries figures, not people's sentences.
 *
 * Texts with `*bold*`/`_italic_` markup are marked `Markup`; everything else is plain.
 */
import type { Content } from '../content/load.ts';
import type { Attachment } from '../core/message.ts';
import type { Language, Network } from '../core/network.ts';
import type { ShownResult, TrendPoint } from '../core/result.ts';
import { LEVELS, type Level } from '../core/scale.ts';
import type { StoredRound } from '../core/store-port.ts';
import { suggestionsFor, trendOf } from './analysis.ts';
import { formatDate, formatDecimal, formatPercent, keyPart, levelEmoji, levelLabel, levelName, nearestLevel, texts, type MessageContext } from './messages/format.ts';
import { figureLabel, statementLabel } from './messages/reason.ts';
import { medianText, shownDimensions, spreadText, tooFewText, trendText } from './messages/results-message.ts';

/** Text in the neutral markup of src/core/message.ts. */
export type Markup = string;

export interface DashboardLevelShare {
  level: Level;
  label: string;
  emoji: string;
  colour: string;
  count: number;
  /** Whole percent, as text. */
  percent: string;
  share: number;
}

export interface DashboardGroupTable {
  title: string;
  /** `level` and `median` are absent when the round withheld group medians (see core/aggregate). */
  /** `label` may hold typed text (a channel label), marked inert: render it with `markup`. */
  rows: { label: string; level?: string; median?: string; n: number }[];
  /** "2 groups too small to show separately", when some are. */
  hiddenNote?: string;
}

export interface DashboardRound {
  id: string;
  /** "14 mei 2026". */
  closedOn: string;
  instrument: string;
  n: number;
  k: number;
  /** Below k: the one line a hidden round ever shows, and nothing else. */
  tooFew?: string;
  shown?: {
    distribution: DashboardLevelShare[];
    median: Markup;
    trend: Markup;
    spread?: Markup;
    statements: { label: string; mean: string; n: number }[];
    groups: DashboardGroupTable[];
  };
  prompt?: { title: string; text: string; source: string };
}

/**
 * An agreement as the dashboard shows it. EXTENSION POINT for agreements (wave 2): the
 * agreements use cases fill `DashboardView.agreements`; today there are none.
 */
export interface DashboardAgreement {
  text: string;
  status: string;
  /** How it was rated in rounds, from k answers on, e.g. "helpt: 3,8 (12)". */
  ratings: string[];
}

export interface DashboardView {
  networkId: string;
  /** Typed by a coordinator: always rendered as inert text. */
  networkName: string;
  lang: Language;
  k: number;
  /** The trend chart of the latest rounds, when there is a shown round. */
  chart?: Attachment;
  /** Newest first. */
  rounds: DashboardRound[];
  /** Statement averages per round (columns oldest first); empty when none passed k. */
  statementsOverTime: { columns: string[]; rows: { label: string; values: (string | null)[] }[] };
  agreements: DashboardAgreement[];
  /** When the page was made and when its link stops working, as dates. */
  generatedOn: string;
  linkExpiresOn: string;
}

export interface DashboardInput {
  network: Network;
  lang: Language;
  /** Closed rounds, newest first. */
  rounds: StoredRound[];
  chart?: Attachment;
  agreements: DashboardAgreement[];
  now: Date;
  linkExpiresAt: Date;
}

function toPoint(round: StoredRound): TrendPoint | undefined {
  return round.result && round.closedAt ? { roundId: round.id, closedAt: round.closedAt, result: round.result } : undefined;
}

function groupTables(ctx: MessageContext, result: ShownResult): DashboardGroupTable[] {
  const { tx } = texts(ctx);
  const tables: DashboardGroupTable[] = [];
  for (const { dimension, figures } of shownDimensions(result)) {
    const { shown, hidden } = figures;
    tables.push({
      title: tx(`results.groups.${keyPart(dimension)}`),
      rows: shown.map((g) => ({
        label: figureLabel(ctx, dimension, g),
        n: g.n,
        ...(g.median === undefined ? {} : { level: levelName(ctx.content, ctx.lang, nearestLevel(g.median)), median: formatDecimal(g.median, ctx.lang) }),
      })),
      ...(hidden > 0 ? { hiddenNote: tx('results.groups_hidden', { count: hidden }) } : {}),
    });
  }
  return tables;
}

function distribution(content: Content, lang: Language, result: ShownResult): DashboardLevelShare[] {
  return LEVELS.map((level) => ({
    level,
    label: levelLabel(content, lang, level),
    emoji: levelEmoji(content, level),
    colour: content.levels[level].colour,
    count: result.counts[level],
    percent: formatPercent(result.shares[level]),
    share: result.shares[level],
  }));
}

export function dashboardView(content: Content, input: DashboardInput): DashboardView {
  const ctx: MessageContext = { content, lang: input.lang, timeZone: input.network.settings.timeZone };
  const x = texts(ctx);
  const oldestFirst = [...input.rounds].reverse();
  const points = oldestFirst.map(toPoint).filter((p): p is TrendPoint => p !== undefined);

  const rounds: DashboardRound[] = oldestFirst.map((round) => {
    const result = round.result;
    const base = {
      id: round.id,
      closedOn: round.closedAt ? formatDate(round.closedAt, ctx) : '',
      instrument: content.instruments.get(round.instrument)?.text[input.lang].name ?? round.instrument,
      n: result?.n ?? 0,
      k: round.k,
    };
    if (!result?.shown) return { ...base, tooFew: tooFewText(ctx, result?.n ?? 0, round.k) };
    const prompt = round.promptId ? content.prompts.find((p) => p.id === round.promptId) : undefined;
    const upToRound = points.slice(0, points.findIndex((p) => p.roundId === round.id) + 1);
    // The spread is named when the spread rule fires for this round, as in its results post.
    const spread = spreadText(x, suggestionsFor(content, upToRound));
    return {
      ...base,
      shown: {
        distribution: distribution(content, input.lang, result),
        median: medianText(x, result.median),
        trend: trendText(x, trendOf(upToRound)),
        ...(spread ? { spread } : {}),
        statements: result.statements.map((s) => ({ label: statementLabel(ctx, s.id), mean: formatDecimal(s.mean, input.lang), n: s.n })),
        groups: groupTables(ctx, result),
      },
      ...(prompt ? { prompt: { title: prompt.text[input.lang].title, text: prompt.text[input.lang].prompt, source: prompt.source } } : {}),
    };
  });

  const statementIds = [...new Set(points.flatMap((p) => (p.result.shown ? p.result.statements.map((s) => s.id) : [])))];
  const columns = points.map((p) => formatDate(p.closedAt, ctx));
  const statementsOverTime = {
    columns: statementIds.length > 0 ? columns : [],
    rows: statementIds.map((id) => ({
      label: statementLabel(ctx, id),
      values: points.map((p) => {
        const figure = p.result.shown ? p.result.statements.find((s) => s.id === id) : undefined;
        return figure ? formatDecimal(figure.mean, input.lang) : null;
      }),
    })),
  };

  return {
    networkId: input.network.id,
    networkName: input.network.settings.name,
    lang: input.lang,
    k: input.network.settings.k,
    ...(input.chart ? { chart: input.chart } : {}),
    rounds: rounds.reverse(),
    statementsOverTime,
    agreements: input.agreements,
    generatedOn: formatDate(input.now, ctx),
    linkExpiresOn: formatDate(input.linkExpiresAt, ctx),
  };
}
