/**
 * Commands in Teams words. Shared texts name a command as Slack's slash command
 * (`/thermometer setup`); in Teams people type the same words to the bot
 * (`@Thermometer setup`), so every text a Teams card or toast shows says it that way.
 */
import type { Block, ChatMessage } from '../../core/message.ts';

export function teamsWords(text: string): string {
  return text.replace(/\/thermometer\b/g, '@Thermometer');
}

function block(b: Block): Block {
  switch (b.kind) {
    case 'heading':
    case 'subheading':
    case 'paragraph':
    case 'context':
      return { ...b, text: teamsWords(b.text) };
    case 'list':
      return { ...b, items: b.items.map(teamsWords) };
    case 'entry':
      return { ...b, title: teamsWords(b.title), ...(b.body ? { body: teamsWords(b.body) } : {}), ...(b.note ? { note: teamsWords(b.note) } : {}) };
    case 'tally':
      return b;
    case 'facts':
      return { ...b, facts: b.facts.map((f) => ({ label: teamsWords(f.label), value: teamsWords(f.value) })) };
    case 'actions':
      return { ...b, buttons: b.buttons.map((button) => ({ ...button, label: teamsWords(button.label) })) };
    case 'image':
    case 'divider':
      return b;
  }
}

export function inTeamsWords(message: ChatMessage): ChatMessage {
  const out: ChatMessage = { ...message, text: teamsWords(message.text), blocks: message.blocks.map(block) };
  if (message.list) out.list = { ...message.list, heading: teamsWords(message.list.heading), items: message.list.items.map(teamsWords), movedNote: teamsWords(message.list.movedNote) };
  if (message.reduced) out.reduced = inTeamsWords(message.reduced);
  return out;
}
