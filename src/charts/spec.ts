/**
 * The trend chart as a vega-lite spec: the last closed rounds as stacked bars of the
 * four levels (share of answers, in the thermometer colours, level 1 at the bottom),
 * the median level as a line on its own 1–4 axis, rounds below k as a gap carrying a
 * "too few answers" mark, and — for rated instruments — the statement averages of the
 * latest round beside the previous one. Pure: data in, spec out.
 */
import type { RoundResult } from '../core/result.ts';
import { LEVELS, type Level } from '../core/scale.ts';

export interface ChartLevel {
  level: Level;
  label: string;
  colour: string;
}

export interface ChartInput {
  /** Closed rounds, oldest first (at most 12 are drawn), labelled by the caller. */
  points: { label: string; result: RoundResult }[];
  /** Statement averages of the latest round and the previous one, for rated instruments. */
  statements?: { label: string; latest: number; previous: number | null }[];
  levels: ChartLevel[];
  /** Translator for `charts.*` keys in the network's language. */
  t: (key: string, params?: Record<string, string | number>) => string;
}

export const CHART_WIDTH = 560;
export const MAX_ROUNDS = 12;
export const FONT_FAMILY = 'DejaVu Sans';

type Spec = Record<string, unknown>;

export function chartSpec(input: ChartInput): Spec {
  const points = input.points.slice(-MAX_ROUNDS);
  // Labels must be unique for the ordinal axis; the index keeps equal labels apart.
  const rounds = points.map((p, i) => ({ ...p, key: `${String(i).padStart(2, '0')}|${p.label}` }));
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
  const medians = rounds.flatMap((p) => (p.result.shown ? [{ round: p.key, median: p.result.median }] : []));
  const gaps = rounds.filter((p) => !p.result.shown).map((p) => ({ round: p.key, mark: input.t('charts.too_few_short') }));
  const order = rounds.map((p) => p.key);
  const x = {
    field: 'round',
    type: 'ordinal',
    sort: order,
    title: null,
    axis: { labelExpr: "split(datum.value, '|')[1]", labelAngle: 0, labelFontSize: 11, ticks: false, domain: false },
  };
  const colour = {
    field: 'levelLabel',
    type: 'nominal',
    title: null,
    scale: { domain: input.levels.map((l) => l.label), range: input.levels.map((l) => l.colour) },
    legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'square', labelFontSize: 11, columns: 2, labelLimit: 260 },
  };

  const trend: Spec = {
    width: CHART_WIDTH,
    height: 220,
    title: { text: input.t('charts.title'), anchor: 'start', fontSize: 15 },
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
            axis: { format: '.0%', tickCount: 4, labelFontSize: 11, titleFontSize: 11, gridColor: '#e6e6e6' },
          },
          color: colour,
          order: { field: 'level', type: 'quantitative' },
        },
      },
      {
        data: { values: gaps },
        mark: { type: 'text', angle: 270, align: 'left', baseline: 'middle', dx: 0, fontSize: 11, color: '#555555', fontStyle: 'italic' },
        encoding: { x, y: { datum: 0.04, type: 'quantitative', scale: { domain: [0, 1] }, axis: null }, text: { field: 'mark' } },
      },
      {
        data: { values: medians },
        mark: { type: 'line', color: '#222222', strokeWidth: 2, point: { filled: true, color: '#222222', size: 36 } },
        encoding: {
          x,
          y: {
            field: 'median',
            type: 'quantitative',
            title: input.t('charts.median_axis'),
            scale: { domain: [1, 4] },
            axis: { orient: 'right', values: [1, 2, 3, 4], labelFontSize: 11, titleFontSize: 11, grid: false },
          },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };

  const statements = input.statements ?? [];
  if (statements.length === 0) return base(trend);
  const dots = statements.flatMap((s) => [
    { statement: s.label, which: input.t('charts.latest'), value: s.latest },
    ...(s.previous === null ? [] : [{ statement: s.label, which: input.t('charts.previous'), value: s.previous }]),
  ]);
  const panel: Spec = {
    width: CHART_WIDTH,
    height: Math.max(60, statements.length * 22),
    title: { text: input.t('charts.statements_title'), anchor: 'start', fontSize: 13 },
    data: { values: dots },
    mark: { type: 'point', size: 80, strokeWidth: 2 },
    encoding: {
      y: { field: 'statement', type: 'nominal', title: null, sort: statements.map((s) => s.label), axis: { labelFontSize: 11, labelLimit: 300 } },
      x: { field: 'value', type: 'quantitative', title: input.t('charts.statement_axis'), scale: { domain: [1, 5] }, axis: { values: [1, 2, 3, 4, 5], labelFontSize: 11, titleFontSize: 11 } },
      shape: { field: 'which', type: 'nominal', title: null, scale: { domain: [input.t('charts.latest'), input.t('charts.previous')], range: ['circle', 'diamond'] }, legend: { orient: 'bottom' } },
      fill: { field: 'which', type: 'nominal', scale: { domain: [input.t('charts.latest'), input.t('charts.previous')], range: ['#222222', '#ffffff'] }, legend: null },
      color: { value: '#222222' },
    },
  };
  return base({ vconcat: [trend, panel], spacing: 24, resolve: { scale: { color: 'independent', shape: 'independent' } } });
}

function base(spec: Spec): Spec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: '#ffffff',
    padding: 12,
    config: { font: FONT_FAMILY, view: { stroke: null }, axis: { labelColor: '#333333', titleColor: '#333333' } },
    ...spec,
  };
}
