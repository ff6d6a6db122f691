/**
 * A post refused for its size has its own typed reason on both platforms, so the
 * posting use case can send the reduced form instead of giving the post up; and the
 * Slack renderer never drops blocks beyond 50 without saying so.
 */
import { describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import { chatErrorOf } from '../../src/adapters/slack/gateway.ts';
import { capBlocks, fitsSlack } from '../../src/adapters/slack/limits.ts';
import { classify, threadOf } from '../../src/adapters/teams/gateway.ts';

const slackError = (error: string) => ({ code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('refused for size', () => {
  it('Slack: msg_blocks_too_long, msg_too_long and invalid_blocks are too_large; other refusals stay what they were', () => {
    for (const code of ['msg_blocks_too_long', 'msg_too_long', 'invalid_blocks']) expect(chatErrorOf(slackError(code)).reason).toBe('too_large');
    expect(chatErrorOf(slackError('channel_not_found')).reason).toBe('channel_gone');
    expect(chatErrorOf(slackError('not_authed')).reason).toBe('rejected');
    expect(chatErrorOf(slackError('ratelimited')).reason).toBe('rate_limited');
  });

  it('Teams: 413 MessageSizeTooBig is too_large and not retried as is', () => {
    const tooBig = { response: { status: 413, data: { error: { code: 'MessageSizeTooBig', message: 'too big' } } } };
    expect(classify(tooBig, 'post')).toEqual({ retry: false, reason: 'too_large', status: 413 });
    expect(classify({ response: { status: 400, data: { error: { code: 'BadArgument' } } } }, 'post').reason).toBe('rejected');
  });

  it('Teams: follow-ups go into the post’s thread in a channel, and into the chat itself elsewhere', () => {
    expect(threadOf('19:abc@thread.tacv2', '1700')).toBe('19:abc@thread.tacv2;messageid=1700');
    expect(threadOf('19:abc@thread.tacv2;messageid=1600', '1700')).toBe('19:abc@thread.tacv2;messageid=1700');
    expect(threadOf('19:chat@thread.v2', '1700')).toBe('19:chat@thread.v2');
    expect(threadOf('a:1personal', '1700')).toBe('a:1personal');
  });
});

describe('the last guard of the Slack renderer', () => {
  it('keeps 50 blocks, the last saying how many were left out', () => {
    const blocks: types.KnownBlock[] = Array.from({ length: 60 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `b${i}` } }));
    const capped = capBlocks(blocks);
    expect(capped).toHaveLength(50);
    expect(capped.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… (+11)' }] });
    expect(capBlocks(blocks.slice(0, 50))).toHaveLength(50);
    expect(fitsSlack({ blocks })).toBe(false);
  });
});
