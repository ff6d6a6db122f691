import { describe, expect, it } from 'vitest';
import { altText, chartInput, createChartRenderer, renderChartPng, renderChartSvg } from '../../src/charts/index.ts';
import { aggregate } from '../../src/core/aggregate.ts';
import type { RoundResult, TrendPoint } from '../../src/core/result.ts';
import type { Level } from '../../src/core/scale.ts';
import { testContent } from '../helpers/app.ts';
import { decodePng, type DecodedPng } from './png-reader.ts';

const content = testContent();
const COLOURS = ([1, 2, 3, 4] as const).map((l) => content.levels[l].colour.toLowerCase());

function shown(levels: Level[]): RoundResult {
  return aggregate(levels.map((level) => ({ level, ratings: {} })), { k: 5, statementIds: [], commentsEnabled: false, shuffle: (x) => [...x] });
}
const hidden = (n: number): RoundResult => ({ shown: false, n, k: 5 });
const points = (results: RoundResult[]): TrendPoint[] => results.map((result, i) => ({ roundId: `r${i}`, closedAt: new Date(Date.UTC(2026, i, 10)), result }));
const typical = (): RoundResult[] => Array.from({ length: 12 }, (_, i) => shown(Array.from({ length: 9 }, (_, j) => Math.min(4, 1 + Math.floor((i + j) / 5)) as Level)));

/** Level colours seen per pixel column, in the plot area above the legend. */
function columnsWithColour(png: DecodedPng, colours: string[]): Set<number> {
  const xs = new Set<number>();
  for (let x = 0; x < png.width; x++) for (let y = 30; y < 260; y++) if (colours.includes(png.pixel(x, y))) xs.add(x);
  return xs;
}

async function render(results: RoundResult[]) {
  const chart = await renderChartPng(chartInput(content, points(results), 'nl', 'thermometer'));
  return { chart, png: decodePng(chart.png) };
}

describe('trend chart', () => {
  it('is a valid palette PNG as wide as a chat message (shown unscaled), under 15 KB for a typical year', async () => {
    for (const lang of ['nl', 'en'] as const) {
      const chart = await renderChartPng(chartInput(content, points(typical()), lang, 'thermometer'));
      const png = decodePng(chart.png);
      expect(png.colourType).toBe(3);
      expect(png.width).toBe(chart.width);
      // A Teams channel message leaves about 508 px for a card's content.
      expect(png.width).toBeGreaterThanOrEqual(440);
      expect(png.width).toBeLessThanOrEqual(508);
      expect(png.height).toBeGreaterThan(250);
      expect(chart.png.length).toBeLessThan(15_000);
    }
  });

  it('keeps its text legible at that size, names the median in the legend and never cuts a legend label', async () => {
    for (const lang of ['nl', 'en'] as const) {
      const svg = await renderChartSvg(chartInput(content, points(typical()), lang, 'thermometer'));
      const sizes = [...svg.matchAll(/font-size[=:]\s*"?(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThan(10);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
      expect(svg).toContain(lang === 'nl' ? 'Middenwaarde: de middelste stand' : 'Median: the middle level');
      for (const level of [1, 2, 3, 4] as const) expect(svg).toContain(content.levels[level].text[lang].label);
      expect(svg).not.toContain('…');
    }
  });

  it('labels months with the year beneath where it starts or changes, never as "mrt 26"', async () => {
    // Twelve rounds from January 2026: "jan" over "2026", then months alone.
    const svg = await renderChartSvg(chartInput(content, points(typical()), 'nl', 'thermometer'));
    expect(svg).toContain('>jan<');
    expect(svg).toContain('>mrt<');
    expect(svg.match(/>2026</g)).toHaveLength(1);
    expect(svg).not.toMatch(/>\w{3} \d{2}</);
    const across = Array.from({ length: 4 }, (_, i) => ({ roundId: `r${i}`, closedAt: new Date(Date.UTC(2025, 10 + i, 10)), result: typical()[i]! }));
    const input = chartInput(content, across, 'nl', 'thermometer');
    expect(input.points.map((p) => p.tick)).toEqual([
      { month: 'nov', year: '2025' },
      { month: 'dec', year: '' },
      { month: 'jan', year: '2026' },
      { month: 'feb', year: '' },
    ]);
    expect(input.points.map((p) => p.label)).toEqual(['nov 2025', 'dec 2025', 'jan 2026', 'feb 2026']);
  });

  it('shows a "previous round" in the statements legend only when a previous round has figures', async () => {
    const input = chartInput(content, points(typical()), 'en', 'thermometer');
    const withPrevious = await renderChartSvg({ ...input, statements: [{ label: 'Shared ambition', latest: 3.2, previous: 3.6 }] });
    expect(withPrevious).toContain('Previous round');
    const first = await renderChartSvg({ ...input, statements: [{ label: 'Shared ambition', latest: 3.2, previous: null }] });
    expect(first).toContain('This round');
    expect(first).not.toContain('Previous round');
  });

  it('draws a level colour only when that level was chosen', async () => {
    const onlyCalm = await render(Array.from({ length: 6 }, () => shown([1, 1, 2, 2, 1])));
    const seen = columnsWithColour(onlyCalm.png, [COLOURS[0]!]);
    expect(seen.size).toBeGreaterThan(0);
    expect(columnsWithColour(onlyCalm.png, [COLOURS[1]!]).size).toBeGreaterThan(0);
    expect(columnsWithColour(onlyCalm.png, [COLOURS[2]!, COLOURS[3]!]).size).toBe(0);
    const warm = await render(Array.from({ length: 6 }, () => shown([3, 4, 4, 3, 4])));
    expect(columnsWithColour(warm.png, [COLOURS[3]!]).size).toBeGreaterThan(0);
    expect(columnsWithColour(warm.png, [COLOURS[0]!, COLOURS[1]!]).size).toBe(0);
  });

  it('draws a round below k as a gap with a "too few" mark, never as data', async () => {
    const all = typical();
    const withGap = [...all];
    withGap[7] = hidden(3);
    const full = columnsWithColour((await render(all)).png, COLOURS);
    const gapped = await render(withGap);
    const barsWithGap = columnsWithColour(gapped.png, COLOURS);
    const missing = [...full].filter((x) => !barsWithGap.has(x));
    // One bar's worth of columns lost its colours, and nothing new appeared.
    expect(missing.length).toBeGreaterThan(14);
    expect([...barsWithGap].every((x) => full.has(x))).toBe(true);
    expect(gapped.chart.svg).toContain('te weinig reacties');
  });

  it('gives identical bytes for identical input', async () => {
    const a = await render(typical());
    const b = await render(typical());
    expect(Buffer.from(a.chart.png).equals(Buffer.from(b.chart.png))).toBe(true);
  });

  it('labels in the network language', async () => {
    const en = await renderChartSvg(chartInput(content, points(typical()), 'en', 'thermometer'));
    expect(en).toContain('Temperature of the collaboration');
    expect(en).toContain('Disagreement');
    const nl = await renderChartSvg(chartInput(content, points(typical()), 'nl', 'thermometer'));
    expect(nl).toContain('Onenigheid');
  });

  it('says nothing about a hidden round in the alt text but that it had too few answers', () => {
    const results = typical();
    results[11] = hidden(4);
    const text = altText(chartInput(content, points(results), 'nl', 'thermometer'));
    expect(text).toContain('te weinig reacties');
    expect(text).not.toMatch(/\b4 reacties/);
    expect(text).not.toContain('Conflict 4');
  });

  it('speaks of one round in the singular', () => {
    const one = typical().slice(-1);
    expect(altText(chartInput(content, points(one), 'nl', 'thermometer'))).toMatch(/^Grafiek van de laatste ronde:/);
    expect(altText(chartInput(content, points(one), 'en', 'thermometer'))).toMatch(/^Chart of the last round:/);
  });

  it('attaches the chart with its alt text for the use cases', async () => {
    const attachment = await createChartRenderer(content)({ points: points(typical()), lang: 'nl', instrument: 'thermometer' });
    expect(attachment?.mimeType).toBe('image/png');
    expect(attachment?.alt).toMatch(/laatste 12 rondes/);
    expect(await createChartRenderer(content)({ points: [], lang: 'nl', instrument: 'thermometer' })).toBeUndefined();
  });
});
