/**
 * Suggested interventions as text. The engine gives a reason as a locale key with raw
 * parameters; here they gain readable labels (level, statement, group, dimension) in
 * the network's language before the reason is rendered, as agreed with the content.
 */
import type { Params } from '../../content/i18n.ts';
import type { Reason, Suggestion } from '../../core/result.ts';
import { inert } from '../../core/inert-text.ts';
import { isLevel } from '../../core/scale.ts';
import { formatDecimal, keyPart, levelName, medianName, texts, type MessageContext } from './format.ts';

const LEVEL_PARAMS = ['level', 'minLevel', 'maxLevel'] as const;
/** Items named per suggestion in a results post; the "all suggestions" reply has every one. */
const SHORT_ITEMS = 2;

export function statementLabel(ctx: MessageContext, id: string): string {
  for (const instrument of ctx.content.instruments.values()) {
    const s = instrument.statements.find((st) => st.id === id);
    if (s) return s.text[ctx.lang].label;
  }
  return id;
}

export function groupLabel(ctx: MessageContext, id: string): string {
  const group = [...ctx.content.domains, ...ctx.content.orgLevels].find((g) => g.id === id);
  return group?.text[ctx.lang].label ?? id;
}

export function enrichReasonParams(ctx: MessageContext, params: Reason['params']): Params {
  const { tx } = texts(ctx);
  const out: Params = { ...params };
  for (const name of LEVEL_PARAMS) {
    const value = params[name];
    const level = typeof value === 'string' ? Number(value) : value;
    if (isLevel(level)) out[`${name}Label`] = levelName(ctx.content, ctx.lang, level);
  }
  if (typeof params.statement === 'string') out.statementLabel = statementLabel(ctx, params.statement);
  // An agreement is typed text: quoted, and inert wherever the reason is shown.
  if (typeof params.agreementText === 'string') out.agreementText = `“${inert(params.agreementText)}”`;
  if (typeof params.dimension === 'string') out.dimensionLabel = tx(`results.dimension.${keyPart(params.dimension)}`);
  for (const name of ['highGroup', 'lowGroup'] as const) {
    const value = params[name];
    if (typeof value === 'string') out[`${name}Label`] = groupLabel(ctx, value);
  }
  // Group medians in words, never as raw numbers: "waakzaam", "tussen waakzaam en onenigheid".
  for (const name of ['high', 'low'] as const) {
    const value = params[`${name}Median`];
    if (typeof value === 'number') out[`${name}Level`] = medianName(ctx, value, (low, high) => tx('results.between', { low, high }));
  }
  // Decimal values read naturally in the language ("2,4" in Dutch).
  for (const name of ['mean', 'fromMedian', 'toMedian', 'highMedian', 'lowMedian', 'previousMean'] as const) {
    const value = params[name];
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n === 'number' && Number.isFinite(n) && !Number.isInteger(n)) out[name] = formatDecimal(n, ctx.lang);
  }
  return out;
}

export function reasonText(ctx: MessageContext, reason: Reason): string {
  return texts(ctx).t(reason.key, enrichReasonParams(ctx, reason.params));
}

/** The suggested items' titles, in the network's language. */
export function suggestionTitles(ctx: MessageContext, suggestion: Suggestion): string[] {
  return suggestion.items.map((id) => ctx.content.items.get(id)?.text[ctx.lang].title).filter((title): title is string => title !== undefined);
}

/**
 * One suggestion: what to do, why, and where it comes from. `detailed` gives each
 * item with how to go about it, for the "all suggestions" reply.
 */
export function suggestionText(ctx: MessageContext, suggestion: Suggestion, detailed = false): { text: string; source: string } {
  const { tx } = texts(ctx);
  const items = suggestion.items.map((id) => ctx.content.items.get(id)).filter((i) => i !== undefined);
  const reason = reasonText(ctx, suggestion.reason);
  // The post names the rule's source; the full list adds each item's own.
  const sources = detailed ? [...new Set([suggestion.source, ...items.map((i) => i.source)])].join('; ') : suggestion.source;
  const what = detailed
    ? items.map((i) => `*${i.text[ctx.lang].title}* — ${i.text[ctx.lang].how}`).join('\n')
    : items.slice(0, SHORT_ITEMS).map((i) => `*${i.text[ctx.lang].title}*`).join(' · ');
  const text = what ? (detailed ? `_${reason}_\n${what}` : `${what}\n${reason}`) : reason;
  return { text, source: tx('common.source', { source: sources }) };
}
