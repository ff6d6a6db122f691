/**
 * `/thermometer tips [level]`: per level its description, the signals that tell you
 * you are there, and what you can do, each intervention with its source.
 */
import type { Block, ChatMessage } from '../../core/message.ts';
import { LEVELS, type Level } from '../../core/scale.ts';
import { levelEmoji, levelName, texts, type MessageContext } from './format.ts';

export function tipsMessage(ctx: MessageContext, level?: Level): ChatMessage {
  const x = texts(ctx);
  const { content, lang } = ctx;
  const levels = level === undefined ? LEVELS : [level];
  const title = level === undefined ? x.tx('tips.title_all') : x.tx('tips.title', { label: levelName(content, lang, level) });
  const blocks: Block[] = [{ kind: 'heading', text: title }];
  for (const l of levels) {
    const info = content.levels[l];
    if (!info) continue;
    if (levels.length > 1) blocks.push({ kind: 'divider' });
    const text = info.text[lang];
    blocks.push({ kind: 'paragraph', text: `${levelEmoji(content, l)} *${text.label}* — ${text.description}` });
    blocks.push({ kind: 'subheading', text: x.tx('tips.signals') }, { kind: 'list', items: text.signals });
    const items = info.interventions.map((id) => content.items.get(id)).filter((i) => i !== undefined);
    // All levels at once: titles only, so the message stays readable.
    const lines = items.map((i) => (levels.length > 1 ? i.text[lang].title : `*${i.text[lang].title}* — ${i.text[lang].how}`));
    blocks.push({ kind: 'subheading', text: x.tx('tips.what_to_do') }, { kind: 'list', items: lines });
    const sources = [...new Set([info.source, ...items.map((i) => i.source)])];
    blocks.push({ kind: 'context', text: x.tx('common.source', { source: sources.join('; ') }) });
  }
  if (level === undefined) blocks.push({ kind: 'context', text: x.tx('tips.footer') });
  return { text: title, blocks };
}
