/**
 * The trend chart as a vega-lite spec: the last closed rounds as stacked bars of the
 * four levels (share of answers, in the thermometer colours, level 1 at the bottom),
 * the median level as a line on its own 1–4 axis (named in the legend), rounds below k
 * as a gap carrying a "too few answers" mark, and — when asked for — the statement
 * averages of the latest round beside the previous one. Pure: data in, spec out.
 *
 * Made for the width of a chat message (about 500 px, drawn at that size, so Teams and
 * Slack show it unscaled): text of 12–15 px, month labels with the year beneath them
 * where it starts or changes ("mrt" over "2026", never "mrt 26", which reads as a day),
 * and only legend entries that have data.
 */
import type { RoundResult } from '../core/result.ts';
import { LEVELS, type Level } from '../core/scale.ts';

export interface ChartLevel {
  level: Level;
  label: string;
  colour: string;
}

export interface ChartPoint {
  /** The round's name in full, for the alt text: "mrt 2026". */
  label: string;
  /** The axis label: the month, and the year where it starts or changes (else empty). */
  tick?: { month: string; year: string };
  result: RoundResult;
}

export interface ChartInput {
  /** Closed rounds, oldest first (at most 12 are drawn), labelled by the caller. */
  points: ChartPoint[];
  /** Statement averages of the latest round and the previous one, for rated instruments. */
  statements?: { label: string; latest: number; previous: number | null }[];
  levels: ChartLevel[];
  /** Translator for `charts.*` keys in the network's language. */
  t: (key: string, params?: Record<string, string | number>) => string;
}

/** Width of the plot area; with axes and padding the image is about 500 px wide. */
export const CHART_WIDTH = 390;
const LABEL = 12;
export const MAX_ROUNDS = 12;
export const FONT_FAMILY = 'DejaVu Sans';

type Spec = Record<string, unknown>;

export function chartSpec(input: ChartInput): Spec {
  const points = input.points.slice(-MAX_ROUNDS);
  // Keys must be unique for the ordinal axis; the index keeps equal labels apart, the
  // month and year after it are the label's two lines.
  const rounds = points.map((p, i) => ({ ...p, key: `${String(i).padStart(2, '0')}|${p.tick?.month ?? p.label}|${p.tick?.year ?? ''}` }));
  const bars = rounds.flatMap((p) =>
    p.result.shown
      ? LEVELS.map((level) => ({
          round: p.key,
          level,
          levelLabel: input.levels.find((l) => l.level === level)?.label ?? String(level),
          share: p.result.shown ? p.result.counts[level] / p.result.n : 0,
        }))
      : [],
  );
  const medianLabel = input.t('charts.median_legend');
  const medians = rounds.flatMap((p) => (p.result.shown ? [{ round: p.key, median: p.result.median, series: medianLabel }] : []));
  const gaps = rounds.filter((p) => !p.result.shown).map((p) => ({ round: p.key, mark: input.t('charts.too_few_short') }));
  const order = rounds.map((p) => p.key);
  const x = {
    field: 'round',
    type: 'ordinal',
    sort: order,
    title: null,
    axis: { labelExpr: "[split(datum.value, '|')[1], split(datum.value, '|')[2]]", labelAngle: 0, labelFontSize: LABEL, labelLineHeight: 14, ticks: false, domain: false, labelPadding: 4 },
  };
  const legend = { orient: 'bottom', direction: 'horizontal', symbolType: 'square', labelFontSize: LABEL, symbolSize: 120, columns: 2, labelLimit: 240, columnPadding: 16 };
  const colour = {
    field: 'levelLabel',
    type: 'nominal',
    title: null,
    scale: { domain: input.levels.map((l) => l.label), range: input.levels.map((l) => l.colour) },
    legend,
  };

  const trend: Spec = {
    width: CHART_WIDTH,
    height: 200,
    title: { text: input.t('charts.title'), anchor: 'start', fontSize: 15, offset: 8 },
    layer: [
      {
        data: { values: bars },
        mark: { type: 'bar', stroke: '#ffffff', strokeWidth: 1, width: { band: 0.7 } },
        encoding: {
          x,
          y: {
            field: 'share',
            type: 'quantitative',
            stack: 'zero',
            title: input.t('charts.share_axis'),
            scale: { domain: [0, 1] },
            axis: { format: '.0%', tickCount: 4, labelFontSize: LABEL, titleFontSize: LABEL, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
          },
          color: colour,
          order: { field: 'level', type: 'quantitative' },
        },
      },
      {
        data: { values: gaps },
        mark: { type: 'text', angle: 270, align: 'left', baseline: 'middle', dx: 0, fontSize: LABEL, color: '#555555', fontStyle: 'italic' },
        encoding: { x, y: { datum: 0.04, type: 'quantitative', scale: { domain: [0, 1] }, axis: null }, text: { field: 'mark' } },
      },
      {
        data: { values: medians },
        mark: { type: 'line', strokeWidth: 2.5, point: { filled: true, size: 50, color: '#222222' } },
        encoding: {
          x,
          y: {
            field: 'median',
            type: 'quantitative',
            title: input.t('charts.median_axis'),
            scale: { domain: [1, 4] },
            axis: { orient: 'right', values: [1, 2, 3, 4], labelFontSize: LABEL, titleFontSize: LABEL, titleFontWeight: 'normal', grid: false },
          },
          // Its own legend entry: the line is the median, said in words under the chart.
          stroke: { field: 'series', type: 'nominal', title: null, scale: { domain: [medianLabel], range: ['#222222'] }, legend: { orient: 'bottom', symbolType: 'stroke', symbolStrokeWidth: 2.5, labelFontSize: LABEL, labelLimit: 480 } },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };

  const statements = input.statements ?? [];
  if (statements.length === 0) return base(trend);
  const hasPrevious = statements.some((s) => s.previous !== null);
  // A "previous round" entry only when a previous round has figures: no empty legend entries.
  const which = hasPrevious ? [input.t('charts.latest'), input.t('charts.previous')] : [input.t('charts.latest')];
  const dots = statements.flatMap((s) => [
    { statement: s.label, which: input.t('charts.latest'), value: s.latest },
    ...(s.previous === null ? [] : [{ statement: s.label, which: input.t('charts.previous'), value: s.previous }]),
  ]);
  const panel: Spec = {
    width: CHART_WIDTH,
    height: Math.max(60, statements.length * 24),
    title: { text: input.t('charts.statements_title'), anchor: 'start', fontSize: 14 },
    data: { values: dots },
    mark: { type: 'point', size: 90, strokeWidth: 2 },
    encoding: {
      y: { field: 'statement', type: 'nominal', title: null, sort: statements.map((s) => s.label), axis: { labelFontSize: LABEL, labelLimit: 160 } },
      x: { field: 'value', type: 'quantitative', title: input.t('charts.statement_axis'), scale: { domain: [1, 5] }, axis: { values: [1, 2, 3, 4, 5], labelFontSize: LABEL, titleFontSize: LABEL, titleFontWeight: 'normal' } },
      shape: { field: 'which', type: 'nominal', title: null, scale: { domain: which, range: ['circle', 'diamond'].slice(0, which.length) }, legend: { orient: 'bottom', labelFontSize: LABEL } },
      fill: { field: 'which', type: 'nominal', scale: { domain: which, range: ['#222222', '#ffffff'].slice(0, which.length) }, legend: null },
      color: { value: '#222222' },
    },
  };
  return base({ vconcat: [trend, panel], spacing: 24, resolve: { scale: { color: 'independent', shape: 'independent' } } });
}

function base(spec: Spec): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: '#ffffff',
    padding: 8,
    // Legends below the chart one above the other, so the image stays as narrow as the chart.
    config: { font: FONT_FAMILY, view: { stroke: null }, axis: { labelColor: '#333333', titleColor: '#333333' }, legend: { layout: { bottom: { anchor: 'start', direction: 'vertical', margin: 6 } } } },
    ...spec,
  };
}
