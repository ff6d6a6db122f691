/**
 * Bad input gets a typed error an adapter can turn into a polite reply, and nothing
 * already recorded changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UseCases } from '../../src/app/use-cases.ts';
import { DomainError, type ErrorCode } from '../../src/core/errors.ts';
import type { Round } from '../../src/core/round.ts';
import type { Level } from '../../src/core/scale.ts';
import type { UserRef } from '../../src/core/network.ts';
import { createTestApp, testContent, type TestApp } from '../helpers/app.ts';

let app: TestApp;
let round: Round;
let uc: UseCases;
afterEach(() => app?.cleanup());

async function expectCode(promise: Promise<unknown> | (() => unknown), code: ErrorCode): Promise<DomainError> {
  let error: unknown;
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

/** Everything a round holds, to prove an error changed nothing: its stored answers once closed, its count and each voter's answer while open. */
const snapshot = async () => ({
  archived: await app.store.answers.forRound(round.id),
  count: await app.linkage.count(round.id),
  open: await Promise.all(app.voters(3).map((v) => app.answerOf(round.id, v))),
});

const statementInstrument = (): string | undefined => [...testContent().instruments.values()].find((i) => i.statements.length > 0)?.id;

describe('answers that are not acceptable', () => {
  let voter: UserRef;
  beforeEach(async () => {
    app = createTestApp();
    await app.setup({ instrument: statementInstrument() ?? 'thermometer', commentsEnabled: true });
    uc = app.useCases;
    round = await uc.openRoundNow(app.channel, app.coordinator);
    voter = app.voters(1)[0]!;
    await uc.submitAnswerForm(round.id, voter!, { level: '2', comment: 'eerste' });
  });

  it('refuses levels outside 1–4', async () => {
    const before = await snapshot();
    await expectCode(uc.answerLevel(round.id, voter!, 0 as Level), 'level_out_of_range');
    await expectCode(uc.answerLevel(round.id, voter!, 5 as Level), 'level_out_of_range');
    await expectCode(uc.submitAnswerForm(round.id, voter!, { level: '5' }), 'level_out_of_range');
    await expectCode(uc.answerLevel(round.id, app.voters(2)[1]!, 0 as Level), 'level_out_of_range');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown statement and a rating of 6', async () => {
    const instrument = testContent().instruments.get(round.instrument)!;
    const before = await snapshot();
    await expectCode(uc.submitAnswerForm(round.id, voter!, { level: '3', 's.no-such-statement': '3' }), 'unknown_statement');
    if (instrument.statements[0]) {
      await expectCode(uc.submitAnswerForm(round.id, voter!, { level: '3', [`s.${instrument.statements[0].id}`]: '6' }), 'rating_out_of_range');
      await expectCode(uc.submitAnswerForm(round.id, voter!, { level: '3', [`s.${instrument.statements[0].id}`]: '0' }), 'rating_out_of_range');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a comment of 1001 characters and keeps one of 1000', async () => {
    const before = await snapshot();
    await expectCode(uc.submitAnswerForm(round.id, voter!, { level: '3', comment: 'x'.repeat(1001) }), 'comment_too_long');
    expect(await snapshot()).toEqual(before);
    const ok = await uc.submitAnswerForm(round.id, voter!, { level: '3', comment: 'y'.repeat(1000) });
    expect(ok.answer.comment).toHaveLength(1000);
  });

  it('refuses answers to an unknown round and to a closed one, without touching the closed answers', async () => {
    await expectCode(uc.answerLevel('no-such-round', voter!, 2), 'round_not_found');
    await uc.closeRoundNow(app.channel, app.coordinator);
    const before = await snapshot();
    await expectCode(uc.answerLevel(round.id, voter!, 4), 'round_not_open');
    await expectCode(uc.submitAnswerForm(round.id, voter!, { level: '4' }), 'round_not_open');
    await expectCode(uc.withdraw(round.id, voter!), 'round_not_open');
    await expectCode(() => uc.answerForm(round.id, voter!), 'round_not_open');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a round of a network from another workspace as unknown', async () => {
    const stranger: UserRef = { platform: 'slack', workspace: 'T0OTHER', user: 'U0STRANGER' };
    await expectCode(uc.answerLevel(round.id, stranger, 2), 'round_not_found');
  });

  it('refuses answers after the closing time even before the round is closed', async () => {
    app.clock.advanceDays(8);
    await expectCode(uc.answerLevel(round.id, voter!, 1), 'round_not_open');
  });
});

describe('changing and withdrawing', () => {
  beforeEach(async () => {
    app = createTestApp();
    await app.setup({ commentsEnabled: true });
    uc = app.useCases;
    round = await uc.openRoundNow(app.channel, app.coordinator);
  });

  it('replaces a second answer from the same person: the count stays 1', async () => {
    const [voter] = app.voters(1);
    const first = await uc.answerLevel(round.id, voter!, 1);
    const second = await uc.answerLevel(round.id, voter!, 4);
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.count).toBe(1);
    expect((await app.answerOf(round.id, voter!))?.level).toBe(4);
    expect(await app.linkage.count(round.id)).toBe(1);
  });

  it('keeps the comment when only the level changes, and the level when the form leaves it out', async () => {
    const [voter] = app.voters(1);
    await uc.submitAnswerForm(round.id, voter!, { level: '2', comment: 'houden' });
    await uc.answerLevel(round.id, voter!, 3);
    expect(await app.answerOf(round.id, voter!)).toMatchObject({ level: 3, comment: 'houden' });
    await uc.submitAnswerForm(round.id, voter!, { comment: 'anders' });
    expect(await app.answerOf(round.id, voter!)).toMatchObject({ level: 3, comment: 'anders' });
  });

  it('prefills the answer form with the person’s own answer only', async () => {
    const [me, other] = app.voters(2);
    await uc.submitAnswerForm(round.id, me!, { level: '3', comment: 'mijn-eigen-opmerking' });
    await uc.submitAnswerForm(round.id, other!, { level: '1', comment: 'andermans-opmerking' });
    const form = await uc.answerForm(round.id, me!);
    expect(form.fields.find((f) => f.id === 'level')).toMatchObject({ initial: '3' });
    expect(form.fields.find((f) => f.id === 'comment')).toMatchObject({ initial: 'mijn-eigen-opmerking' });
    const stranger = JSON.stringify(await uc.answerForm(round.id, app.voters(3)[2]!));
    expect(stranger).not.toContain('mijn-eigen-opmerking');
    expect(stranger).not.toContain('andermans-opmerking');
  });

  it('withdraws an answer, and says so when there is nothing to withdraw', async () => {
    const [voter, other] = app.voters(2);
    await uc.answerLevel(round.id, voter!, 2);
    await uc.answerLevel(round.id, other!, 2);
    expect((await uc.withdraw(round.id, voter!)).count).toBe(1);
    await expectCode(uc.withdraw(round.id, voter!), 'nothing_to_withdraw');
    expect(await app.linkage.count(round.id)).toBe(1);
  });
});

describe('coordinator commands', () => {
  beforeEach(async () => {
    app = createTestApp();
    await app.setup();
    uc = app.useCases;
  });

  it('refuses others and names the coordinators', async () => {
    const [member] = app.voters(1);
    const error = await expectCode(uc.openRoundNow(app.channel, member!), 'not_a_coordinator');
    expect(error.params.names).toBe(`<@${app.coordinator.user}>`);
    await expectCode(uc.closeRoundNow(app.channel, member!), 'not_a_coordinator');
    await expectCode(uc.summary(app.channel, member!), 'not_a_coordinator');
    await expectCode(() => uc.exportCsv(app.channel, member!), 'not_a_coordinator');
    await expectCode(() => uc.erase(app.channel, member!), 'not_a_coordinator');
    await expectCode(() => uc.eraseForm(app.channel, member!), 'not_a_coordinator');
    await expectCode(() => uc.setupForm(app.channel, member!), 'not_a_coordinator');
    await expectCode(() => uc.submitSetup(app.channel, member!, { name: 'Overname' }, ''), 'not_a_coordinator');
    expect((await uc.networkFor(app.channel))?.settings.name).toBe('Kindcentrum Oost');
    const reply = uc.errorMessage(error, 'nl');
    expect(reply.text).toContain(`<@${app.coordinator.user}>`);
  });

  it('refuses a second open round and closing when none is open', async () => {
    await expectCode(uc.closeRoundNow(app.channel, app.coordinator), 'no_open_round');
    await uc.openRoundNow(app.channel, app.coordinator);
    await expectCode(uc.openRoundNow(app.channel, app.coordinator), 'round_already_open');
    expect(app.slack.posts).toHaveLength(1);
  });

  it('answers commands in a channel without a network with network_not_found', async () => {
    const elsewhere = { ...app.channel, channel: 'C0ELSEWHERE' };
    await expectCode(uc.openRoundNow(elsewhere, app.coordinator), 'network_not_found');
    expect(await uc.languageFor(elsewhere)).toBe('nl');
  });

  it('has a polite text for every error code in both languages', async () => {
    const codes: ErrorCode[] = ['level_out_of_range', 'rating_out_of_range', 'unknown_statement', 'unknown_domain', 'unknown_org_level', 'comment_too_long', 'comments_disabled', 'round_not_open', 'round_not_found', 'round_already_open', 'no_open_round', 'no_closed_round', 'network_not_found', 'not_a_coordinator', 'invalid_settings', 'nothing_to_withdraw'];
    for (const lang of ['nl', 'en'] as const) {
      for (const code of codes) {
        const text = uc.errorMessage(new DomainError(code, { names: 'X', field: 'k', max: 1000, statement: 's' }), lang).text;
        expect(text, `${lang} ${code}`).not.toMatch(/app\.error|\{\w+\}/);
      }
      expect(uc.errorMessage(new Error('database is locked'), lang).text).not.toContain('locked');
    }
  });
});
