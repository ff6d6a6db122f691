/**
 * The chart renderer the use cases call for results posts and summaries: trend points
 * and content labels in, a PNG attachment with its alt text out.
 */
import type { ChartRenderer } from '../app/deps.ts';
import { translator } from '../content/i18n.ts';
import type { Content } from '../content/load.ts';
import type { Attachment } from '../core/message.ts';
import type { Language } from '../core/network.ts';
import type { TrendPoint } from '../core/result.ts';
import { LEVELS } from '../core/scale.ts';
import { altText } from './alt-text.ts';
import { renderChartPng } from './render.ts';
import { MAX_ROUNDS, type ChartInput } from './spec.ts';

export { altText } from './alt-text.ts';
export { renderChartPng, renderChartSvg } from './render.ts';
export { chartSpec, type ChartInput } from './spec.ts';

const LOCALE: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

/**
 * The chart's input from trend points. Statements are drawn only when asked for
 * (`withStatements`): posts list them in text, where each has room for its name.
 */
export function chartInput(content: Content, points: TrendPoint[], lang: Language, instrument: string, timeZone = 'Europe/Amsterdam', withStatements = false): ChartInput {
  const recent = points.slice(-MAX_ROUNDS);
  const month = new Intl.DateTimeFormat(LOCALE[lang], { month: 'short', timeZone });
  const year = new Intl.DateTimeFormat(LOCALE[lang], { year: 'numeric', timeZone });
  const statements = withStatements ? (content.instruments.get(instrument)?.statements ?? []) : [];
  const latest = recent.at(-1)?.result;
  const previous = recent.at(-2)?.result;
  const rated =
    latest?.shown && statements.length > 0
      ? statements.flatMap((s) => {
          const now = latest.statements.find((f) => f.id === s.id);
          if (!now) return [];
          const before = previous?.shown ? previous.statements.find((f) => f.id === s.id) : undefined;
          return [{ label: s.text[lang].label, latest: now.mean, previous: before?.mean ?? null }];
        })
      : [];
  let lastYear = '';
  return {
    points: recent.map((p) => {
      const m = month.format(p.closedAt).replace('.', '');
      const y = year.format(p.closedAt);
      const tick = { month: m, year: y === lastYear ? '' : y };
      lastYear = y;
      return { label: `${m} ${y}`, tick, result: p.result };
    }),
    statements: rated,
    levels: LEVELS.map((level) => ({ level, label: content.levels[level].text[lang].label, colour: content.levels[level].colour })),
    t: translator(content, lang),
  };
}

export function createChartRenderer(content: Content): ChartRenderer {
  return async ({ points, lang, instrument }): Promise<Attachment | undefined> => {
    if (points.length === 0) return undefined;
    const input = chartInput(content, points, lang, instrument);
    const chart = await renderChartPng(input);
    return { id: 'trend-chart', filename: 'thermometer-trend.png', mimeType: 'image/png', data: chart.png, alt: altText(input) };
  };
}
