/**
 * Suggested interventions as text. The engine gives a reason as a locale key with raw
 * parameters; here they gain readable labels (level, statement, group, dimension) in
 * the network's language before the reason is rendered, as agreed with the content.
 */
import type { Params } from '../../content/i18n.ts';
import { inert } from '../../core/inert-text.ts';
import type { Block } from '../../core/message.ts';
import type { GroupDimension, GroupFigure, Reason, Suggestion } from '../../core/result.ts';
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

/**
 * How a shown group is named: a domain or tier by its label in the language, a channel by
 * the label its coordinators gave it (typed text, so inert) or else as a channel without a name.
 */
export function figureLabel(ctx: MessageContext, dimension: GroupDimension, figure: Pick<GroupFigure, 'group' | 'label'>): string {
  if (dimension !== 'channel') return groupLabel(ctx, figure.group);
  return figure.label ? inert(figure.label) : texts(ctx).tx('results.channel_unnamed');
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
 * One suggestion as a numbered entry: what to do as its title (the first item), why
 * (the reason, and the second item as "also: …"), and where it comes from. `detailed`
 * gives every item with how to go about it, for the "all suggestions" reply.
 */
export function suggestionEntry(ctx: MessageContext, suggestion: Suggestion, number: number, detailed = false): Block {
  const { tx } = texts(ctx);
  const items = suggestion.items.map((id) => ctx.content.items.get(id)).filter((i) => i !== undefined);
  const reason = reasonText(ctx, suggestion.reason);
  // The post names the rule's source; the full list adds each item's own.
  const sources = detailed ? [...new Set([suggestion.source, ...items.map((i) => i.source)])].join('; ') : suggestion.source;
  const note = tx('common.source', { source: sources });
  const marker = `${number}.`;
  const [first, second] = items;
  if (detailed) {
    const how = items.map((i) => `*${i.text[ctx.lang].title}* — ${i.text[ctx.lang].how}`).join('\n');
    return { kind: 'entry', marker, title: reason, ...(how ? { body: how } : {}), note };
  }
  if (!first) return { kind: 'entry', marker, title: reason, note };
  const alsoTitle = second?.text[ctx.lang].title;
  // "Ook: Procescheck: komt ieders belang tot zijn recht?" ends as its title does.
  const also = alsoTitle && SHORT_ITEMS > 1 ? ` ${tx('results.also', { title: alsoTitle })}${/[.?!]$/.test(alsoTitle) ? '' : '.'}` : '';
  return { kind: 'entry', marker, title: first.text[ctx.lang].title, body: `${reason}${also}`, note };
}
