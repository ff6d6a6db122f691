/** `/thermometer privacy`: the anonymity promises of DESIGN.md in plain words. */
import { CLOSE_MARGIN } from '../../core/close-margin.ts';
import type { ChatMessage } from '../../core/message.ts';
import { texts, type MessageContext } from './format.ts';

export const PRIVACY_POINTS = ['token', 'order', 'count_only', 'threshold', 'groups', 'early_close', 'collusion', 'limits', 'comments', 'exports', 'retention'] as const;

export function privacyMessage(ctx: MessageContext, settings: { k: number; retentionMonths: number; commentsEnabled: boolean }): ChatMessage {
  const { tx } = texts(ctx);
  const title = tx('privacy.title');
  const params = { k: settings.k, needed: settings.k + CLOSE_MARGIN, months: settings.retentionMonths };
  const points = PRIVACY_POINTS.map((p) => tx(`privacy.${p}`, params));
  if (!settings.commentsEnabled) points.push(tx('privacy.comments_off'));
  return {
    text: `${title}\n${tx('privacy.intro')}\n${points.map((p) => `• ${p}`).join('\n')}`,
    blocks: [
      { kind: 'heading', text: title },
      { kind: 'paragraph', text: tx('privacy.intro') },
      { kind: 'list', items: points },
      { kind: 'context', text: tx('privacy.footer') },
    ],
  };
}
