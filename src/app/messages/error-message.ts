/**
 * A polite reply for an error a person caused: every DomainError code has its own
 * text (`app.error.<code>`); anything else gets one calm generic line, never details.
 */
import { isDomainError } from '../../core/errors.ts';
import type { ChatMessage } from '../../core/message.ts';
import { keyPart, texts, type MessageContext } from './format.ts';
import { plainText } from './plain-text.ts';

export function errorMessage(ctx: MessageContext, error: unknown): ChatMessage {
  const { tx } = texts(ctx);
  let text: string;
  if (!isDomainError(error)) {
    text = tx('error.generic');
  } else if (error.code === 'not_a_coordinator' && !error.params.names) {
    text = tx('error.not_a_coordinator_unnamed');
  } else if (error.code === 'invalid_settings' && typeof error.params.field === 'string') {
    text = tx('error.invalid_settings', { field: tx(`setup.field.${keyPart(error.params.field)}`) });
  } else if (error.code === 'schedule_overlaps') {
    // Names both fields; offers the longest open period that fits when there is one.
    const fields = { schedule: tx(`setup.field.${keyPart(String(error.params.scheduleField))}`), openDays: tx('setup.field.open_days') };
    text = tx(error.params.maxOpenDays ? 'error.schedule_overlaps' : 'error.schedule_too_frequent', { ...error.params, ...fields });
  } else {
    text = tx(`error.${error.code}`, error.params);
  }
  return { text: plainText(text), blocks: [{ kind: 'paragraph', text }] };
}
