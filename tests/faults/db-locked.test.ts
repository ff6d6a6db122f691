/**
 * The database locked by another process: answers wait for the lock and are recorded
 * once it is free; past the busy timeout the person gets a polite "try again" and
 * nothing is half-written.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startSlackBot, type SlackBot } from '../fixtures/slack/slack-bot.ts';

let bot: SlackBot;
beforeEach(async () => {
  bot = await startSlackBot();
});
afterEach(async () => {
  await bot.close();
});

async function lockFor(ms: number): Promise<{ released: Promise<unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/faults/locker-child.ts', bot.dbPath, String(ms)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  return { released: once(child, 'exit') };
}

const openRound = () => bot.setUpAndOpen('Slot');

it('waits for a short lock and then records every answer', async () => {
  const { buttons, roundId } = await openRound();
  const { released } = await lockFor(1500);
  const statuses = await Promise.all(['U1', 'U2', 'U3'].map((u) => bot.click(u, buttons[1]!).then((r) => r.status)));
  await released;
  expect(statuses).toEqual([200, 200, 200]);
  expect(await bot.server.deps.linkage.count(roundId)).toBe(3);
}, 20_000);

it('answers politely past the busy timeout and writes nothing half', async () => {
  const { buttons, roundId } = await openRound();
  const { released } = await lockFor(7000);
  const before = bot.api.responses.length;
  const status = (await bot.click('U1', buttons[2]!)).status;
  await released;
  expect(status).toBe(200);
  await bot.until(() => bot.api.responses.length > before, 'the apology');
  const reply = JSON.stringify(bot.api.responses.slice(before).map((r) => r.body.text));
  expect(reply).toMatch(/Probeer het zo nog eens/);
  expect(reply).not.toMatch(/SQLITE|at \w+ \(/);
  expect(await bot.server.deps.linkage.count(roundId)).toBe(0);
  // Once the lock is gone the same person can answer.
  await bot.click('U1', buttons[2]!);
  await bot.until(async () => (await bot.server.deps.linkage.count(roundId)) === 1, 'the answer after the lock');
}, 30_000);
