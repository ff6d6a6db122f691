/**
 * Spec → SVG (vega, no network: the loader refuses every fetch) → PNG (resvg with the
 * bundled DejaVu Sans and no system fonts), so the same data gives the same bytes on
 * every machine. Shapes are drawn without anti-aliasing (bars and lines are straight
 * anyway) and text with it, which keeps the PNG small without making labels hard to read.
 */
import { Resvg } from '@resvg/resvg-js';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import { encodePalettePng } from './png.ts';
import { FONT_FAMILY, chartSpec, type ChartInput } from './spec.ts';

const FONTS = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => fileURLToPath(new URL(`../../assets/fonts/${f}`, import.meta.url)));

/** A loader that never loads: charts are built from inline data only. */
const offline = {
  load: () => Promise.reject(new Error('charts load no external data')),
  sanitize: () => Promise.reject(new Error('charts load no external data')),
  http: () => Promise.reject(new Error('charts load no external data')),
  file: () => Promise.reject(new Error('charts load no external data')),
};

/**
 * Vega lays out text by its width, and without a canvas it guesses 0.8 em per
 * character — far wider than DejaVu Sans, so legend labels were cut ("Vriendschappelijk
 * aa…") and legends spread wider than the chart. This estimate follows DejaVu Sans'
 * average advance (about 0.6 em, 0.66 em bold), the only font the PNG is drawn in.
 */
const ADVANCE = { normal: 0.6, bold: 0.66 };
interface MeasuredItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}
// vega exports textMetrics (vega-scenegraph) without declaring it in its types.
const textMetrics = (vega as unknown as { textMetrics: { width: (item: MeasuredItem, text?: unknown) => number } }).textMetrics;
textMetrics.width = (item: MeasuredItem, text?: unknown): number => {
  const value = text ?? item.text ?? '';
  const lines = (Array.isArray(value) ? value : [value]).map((line) => String(line ?? ''));
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  const longest = Math.max(0, ...lines.map((line) => line.length));
  return Math.ceil(longest * (item.fontSize ?? 11) * (bold ? ADVANCE.bold : ADVANCE.normal));
};

export async function renderChartSvg(input: ChartInput): Promise<string> {
  const { spec } = compile(chartSpec(input) as unknown as Parameters<typeof compile>[0]);
  const view = new vega.View(vega.parse(spec), { renderer: 'none', loader: offline as unknown as vega.Loader, logLevel: vega.None });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface RenderedChart {
  png: Uint8Array;
  width: number;
  height: number;
  svg: string;
}

export async function renderChartPng(input: ChartInput, scale = 1): Promise<RenderedChart> {
  const svg = await renderChartSvg(input);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    shapeRendering: 0,
    textRendering: 1,
    background: '#ffffff',
  });
  const image = resvg.render();
  const png = encodePalettePng(image.width, image.height, image.pixels) ?? new Uint8Array(image.asPng());
  return { png, width: image.width, height: image.height, svg };
}
