/**
 * What joining says: the network's join code for coordinators (on the setup
 * confirmation, or new on request), the confirmation in a channel that joined or left,
 * and the overview of the network's channels. A code is shown only where one
 * coordinator reads it (a private reply, a card only they see); labels are typed text.
 */
import { formatJoinCode } from '../../core/join-code.ts';
import { inert } from '../../core/inert-text.ts';
import type { Block, ChatMessage } from '../../core/message.ts';
import type { Language, Platform } from '../../core/network.ts';
import { texts, type MessageContext } from './format.ts';

/**
 * The join code block of a setup confirmation: the code when there is a new one, else
 * (codes are kept only as a hash) how to get a new one; and the button that makes one.
 */
export function joinCodeBlocks(ctx: MessageContext, input: { networkId: string; code: string | undefined }): Block[] {
  const { tx } = texts(ctx);
  const button: Block = { kind: 'actions', buttons: [{ actionId: 'rotate_join_code', label: tx('join.rotate_button'), value: input.networkId }] };
  if (!input.code) return [{ kind: 'paragraph', text: `*${tx('join.code_label')}*\n${tx('join.code_hidden')}` }, button];
  const code = formatJoinCode(input.code);
  return [
    { kind: 'paragraph', text: `*${tx('join.code_label')}*: *${code}*\n${tx('join.code_how', { code })}` },
    { kind: 'context', text: tx('join.code_private') },
    button,
  ];
}

/** A new code, for the coordinator who asked. */
export function newJoinCodeMessage(ctx: MessageContext, input: { networkName: string; networkId: string; code: string }): ChatMessage {
  const { tx } = texts(ctx);
  const code = formatJoinCode(input.code);
  const text = tx('join.code_new', { name: inert(input.networkName), code });
  return {
    text,
    blocks: [
      { kind: 'paragraph', text },
      { kind: 'paragraph', text: tx('join.code_how', { code }) },
      { kind: 'context', text: tx('join.code_private') },
    ],
  };
}

export function joinedMessage(ctx: MessageContext, input: { networkName: string; label: string; roundOpen: boolean }): ChatMessage {
  const { tx } = texts(ctx);
  const text = tx('join.done', { name: inert(input.networkName), label: inert(input.label) });
  const blocks: Block[] = [{ kind: 'paragraph', text }];
  if (input.roundOpen) blocks.push({ kind: 'paragraph', text: tx('join.round_open') });
  blocks.push({ kind: 'context', text: tx('join.rename') });
  return { text, blocks };
}

export function leftMessage(ctx: MessageContext, networkName: string): ChatMessage {
  const text = texts(ctx).tx('join.left', { name: inert(networkName) });
  return { text, blocks: [{ kind: 'paragraph', text }] };
}

export interface ChannelLine {
  label: string | undefined;
  platform: Platform;
  /** The channel's own language; undefined: the network's. */
  language: Language | undefined;
  here: boolean;
}

/** The network's channels as coordinators see them, with how to rename this one or change its language. */
export function channelsMessage(ctx: MessageContext, input: { networkName: string; networkLanguage: Language; channels: ChannelLine[] }): ChatMessage {
  const { tx } = texts(ctx);
  const title = tx('channels.title', { name: inert(input.networkName) });
  const lines = input.channels.map((c) => {
    const language = tx(`setup.language.${c.language ?? input.networkLanguage}`);
    const line = tx('channels.line', { label: c.label ? inert(c.label) : tx('results.channel_unnamed'), platform: tx(`channels.platform.${c.platform}`), language });
    return c.here ? `${line} ${tx('channels.here')}` : line;
  });
  return {
    text: title,
    blocks: [
      { kind: 'paragraph', text: `*${title}*\n${lines.join('\n')}` },
      { kind: 'context', text: tx('channels.how') },
    ],
  };
}
