/** `/thermometer help`: what the bot does and every command. */
import type { ChatMessage } from '../../core/message.ts';
import { texts, type MessageContext } from './format.ts';

export const COMMANDS = ['help', 'setup', 'now', 'close', 'summary', 'dashboard', 'export', 'tips', 'privacy', 'erase', 'schedule', 'join', 'leave', 'code', 'channel'] as const;
/** What anyone may ask (joining needs the code, which coordinators hand out); the rest is for coordinators. */
const FOR_EVERYONE: readonly string[] = ['help', 'tips', 'privacy', 'schedule', 'join'];

export function helpMessage(ctx: MessageContext): ChatMessage {
  const { tx } = texts(ctx);
  const title = tx('help.title');
  const lines = COMMANDS.map((c) => tx(`help.command.${c}`));
  return {
    text: `${title}\n${tx('help.intro')}`,
    blocks: [
      { kind: 'heading', text: title },
      { kind: 'paragraph', text: tx('help.intro') },
      { kind: 'subheading', text: tx('help.everyone') },
      { kind: 'list', items: lines.filter((_, i) => FOR_EVERYONE.includes(COMMANDS[i] ?? '')) },
      { kind: 'subheading', text: tx('help.coordinators') },
      { kind: 'list', items: lines.filter((_, i) => !FOR_EVERYONE.includes(COMMANDS[i] ?? '')) },
      { kind: 'context', text: tx('help.footer') },
    ],
  };
}
