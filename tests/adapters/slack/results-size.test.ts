/**
 * Results always arrive in Slack, end to end through POST /slack/events and the fake Web
 * API (which refuses what Block Kit's rules refuse): sixty people each leave a comment
 * of 1,000 characters; the results post stays within Slack's limits with three comments
 * (Slack cannot fold them away) and a line saying the rest is in the thread, and the thread holds every other comment
 * once. A post Slack refuses for its size anyway is sent once more in its reduced form.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../fixtures/slack/fake-slack-api.ts';
import { blockProblems } from '../../fixtures/slack/block-kit-rules.ts';
import { startSlackBot, type SlackBot } from '../../fixtures/slack/slack-bot.ts';

let bot: SlackBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** A comment of exactly `length` characters that says which it is. */
const comment = (i: number, length = 1000): string => `#${i}# ${'Het overleg loopt stroef en we zeggen niet wat we denken. '.repeat(20)}`.slice(0, length);

async function roundWithComments(b: SlackBot, count: number, length?: number): Promise<void> {
  const { buttons } = await b.setUpAndOpen();
  const more = buttons.find((x) => x.action_id.startsWith('more_questions'))!;
  for (let i = 0; i < count; i++) {
    const opened = b.api.called('views.open').length;
    expect((await b.click(`U${1000 + i}`, more, { triggerId: `trigger-${i}` })).status).toBe(200);
    await b.until(() => b.api.called('views.open').length > opened, 'the answer form');
    expect((await b.submitModal(`U${1000 + i}`, { level: String(1 + (i % 4)), comment: comment(i, length) })).status).toBe(200);
  }
}

async function close(b: SlackBot): Promise<RecordedCall[]> {
  const before = b.api.calls.length;
  await b.command('U0COORD', 'close');
  await b.until(() => b.api.calls.slice(before).some((c) => c.method === 'files.completeUploadExternal'), 'the results and their chart');
  return b.api.calls.slice(before).filter((c) => c.method.startsWith('chat.postMessage'));
}

const text = (call: RecordedCall): string => JSON.stringify(call.args.blocks);
const commentsIn = (calls: RecordedCall[]): number[] => calls.flatMap((c) => [...text(c).matchAll(/#(\d+)#/g)].map((m) => Number(m[1])));

describe('results that always arrive in Slack', () => {
  it('60 comments of 1,000 characters: a results post within Block Kit’s limits, the rest of the comments in its thread', async () => {
    bot = await startSlackBot();
    await roundWithComments(bot, 60);
    const posts = await close(bot);
    const [results, ...thread] = posts.filter((c) => c.method === 'chat.postMessage' && !String(c.args.text).startsWith('Reflectiemoment'));
    expect(results?.args.thread_ts).toBeUndefined();
    expect(text(results!)).toContain('Uitkomst reflectiemoment Netwerk Oost');
    expect(text(results!)).toContain('60 reacties');
    // A few comments in the post (Slack cannot fold them away), and a line saying where the others are.
    const shown = commentsIn([results!]).length;
    expect(shown).toBe(3);
    expect(text(results!)).toContain(`Nog ${60 - shown} opmerkingen staan in de draad onder dit bericht.`);
    // The thread: replies to the post, together every other comment exactly once.
    expect(thread.length).toBeGreaterThan(1);
    for (const reply of thread) expect(reply.args.thread_ts).toEqual(thread[0]!.args.thread_ts);
    expect([...commentsIn([results!]), ...commentsIn(thread)].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // Slack refused nothing; every payload keeps Block Kit's documented limits.
    expect(posts.filter((c) => c.method !== 'chat.postMessage')).toEqual([]);
    for (const call of [results!, ...thread]) expect(blockProblems(call.args.blocks, 'message')).toEqual([]);
    expect(bot.api.problems).toEqual([]);
  });

  it('sends a post Slack refuses for its size once more in its reduced form, never dropping it', async () => {
    bot = await startSlackBot();
    await roundWithComments(bot, 8, 400);
    // A stricter Slack than the bot expects: it refuses the full post.
    bot.api.refuseBlocksTextOver(2600);
    const posts = await close(bot);
    // The full post is refused once; thread replies too big for this Slack go in halves.
    const refused = posts.filter((c) => c.method === 'chat.postMessage!refused' && c.args.thread_ts === undefined);
    expect(refused).toHaveLength(1);
    expect(text(refused[0]!)).toContain('Wat kunnen jullie doen?');
    const [reduced, ...thread] = posts.filter((c) => c.method === 'chat.postMessage' && !String(c.args.text).startsWith('Reflectiemoment'));
    expect(text(reduced!)).toContain('Deze uitkomst was te lang voor één bericht.');
    expect(text(reduced!)).toContain('8 reacties');
    expect(commentsIn([reduced!])).toEqual([]);
    expect(commentsIn(thread).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const reply of thread) expect(reply.args.thread_ts).toBeDefined();
  });
});
