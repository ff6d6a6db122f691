/**
 * The agreement loop through the use cases: a results post → a coordinator adopts a
 * suggestion or types an agreement → the next round shows it and asks whether it helps →
 * the results show how it was rated, only from k → done. And everything that must be
 * refused: empty, too long, someone who is not a coordinator, adopting twice, an erased
 * network, a 21st open agreement, a rating for an agreement the round did not ask about.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Agreement } from '../../src/core/agreement.ts';
import { DomainError } from '../../src/core/errors.ts';
import { inert } from '../../src/core/inert-text.ts';
import type { Block, Button, ChatMessage, FormValues } from '../../src/core/message.ts';
import type { UserRef } from '../../src/core/network.ts';
import type { Level } from '../../src/core/scale.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const buttons = (m: ChatMessage): Button[] => m.blocks.flatMap((b: Block) => (b.kind === 'actions' ? b.buttons : []));
const textOf = (m: ChatMessage): string => app.slack.allText(m);

async function expectCode(work: () => Promise<unknown>, code: string): Promise<void> {
  await expect(work()).rejects.toSatisfy((e: unknown) => e instanceof DomainError && e.code === code);
}

/** Opens a round, lets people answer (with form values when given), closes it at its planned time. */
async function runRound(levels: Level[], values: (i: number) => FormValues = () => ({})) {
  const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
  const voters = app.voters(levels.length, `U0R${round.id.slice(0, 4)}`);
  for (const [i, level] of levels.entries()) await app.useCases.submitAnswerForm(round.id, voters[i]!, { level: String(level), ...values(i) });
  app.clock.advanceDays(7);
  await app.useCases.closeRound(round.id);
  app.clock.advanceDays(21);
  return { round, voters, results: app.slack.posts.at(-1)!.message };
}

async function agreementsOf(): Promise<Agreement[]> {
  const network = await app.useCases.networkFor(app.channel);
  return app.store.agreements.forNetwork(network!.id);
}

describe('the agreement loop', () => {
  it('adopts a suggestion from a results post, asks about it next round, shows the rating from k, and closes it', async () => {
    app = createTestApp();
    await app.setup({ k: 5 });
    const first = await runRound([3, 3, 3, 2, 2, 1]);
    const adopt = buttons(first.results).find((b) => b.actionId === 'adopt_suggestion');
    expect(adopt?.value).toMatch(new RegExp(`^${first.round.id}:`));

    // The form is prefilled from the suggestion's item, editable, with an optional owner.
    const form = await app.useCases.adoptForm(adopt!.value, app.coordinator);
    expect(form).toMatchObject({ id: 'agreement', context: adopt!.value });
    const itemId = adopt!.value.split(':')[1]!;
    expect(form.fields.find((f) => f.id === 'text')).toMatchObject({ kind: 'text', initial: app.deps.content.items.get(itemId)!.text.nl.title, maxLength: 280 });
    expect(form.fields.find((f) => f.id === 'owner')).toMatchObject({ optional: true });
    const added = await app.useCases.submitAgreementForm(adopt!.value, app.coordinator, { text: 'Elk overleg begint met wat *ieder* nodig heeft', owner: 'Fatima' });
    expect(textOf(added)).toContain(inert('Elk overleg begint met wat *ieder* nodig heeft'));
    // Adopting the same suggestion again keeps one agreement and says so.
    const again = await app.useCases.submitAgreementForm(adopt!.value, app.coordinator, { text: 'iets anders' });
    expect(textOf(again)).toContain('al een afspraak');
    const [adopted, ...none] = await agreementsOf();
    expect(none).toEqual([]);
    expect(adopted).toMatchObject({ text: 'Elk overleg begint met wat *ieder* nodig heeft', owner: 'Fatima', sourceItem: itemId, afterRoundId: first.round.id, status: 'open' });
    // No user id is stored with it.
    expect(JSON.stringify(adopted)).not.toContain(app.coordinator.user);

    // A typed one, with its owner after " | ".
    app.clock.advance(60_000);
    await app.useCases.addAgreement(app.channel, app.coordinator, 'We bellen voordat we mailen | werkgroep onderwijs');
    const typed = (await agreementsOf()).find((a) => a.sourceItem === null)!;
    expect(typed).toMatchObject({ text: 'We bellen voordat we mailen', owner: 'werkgroep onderwijs', afterRoundId: first.round.id });

    // The next round shows both, newest first, and its form asks about each.
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    const message = app.slack.posts.at(-1)!.message;
    expect(textOf(message)).toContain('Jullie afspraken');
    expect(textOf(message).indexOf(inert(typed.text))).toBeLessThan(textOf(message).indexOf(inert(adopted!.text)));
    expect(buttons(message).slice(0, 4).map((b) => b.actionId)).toEqual(['answer', 'answer', 'answer', 'answer']);
    const voters = app.voters(7, 'U0TWO');
    const answerForm = await app.useCases.answerForm(round.id, voters[0]!);
    const questions = answerForm.fields.filter((f) => f.id.startsWith('a.'));
    expect(questions.map((f) => f.id)).toEqual([`a.${typed.id}`, `a.${adopted!.id}`]);
    expect(questions[0]).toMatchObject({ kind: 'select', optional: true, expanded: true });
    expect(questions[0]!.label).toContain('Helpt deze afspraak ons?');
    expect(questions[0]!.kind === 'select' && questions[0]!.options.map((o) => o.label)).toEqual(['Nee', 'Een beetje', 'Ja', 'Weet ik niet']);

    // Five rate the typed one, three the adopted one: only the first reaches k.
    const ratings = ['yes', 'yes', 'a-little', 'no', 'unsure', undefined, undefined];
    for (const [i, voter] of voters.entries()) {
      const values: FormValues = { level: '2' };
      if (ratings[i]) values[`a.${typed.id}`] = ratings[i];
      if (i < 3) values[`a.${adopted!.id}`] = 'yes';
      const receipt = await app.useCases.submitAnswerForm(round.id, voter, values);
      if (i === 0) expect(textOf(receipt.confirmation)).toContain('over jullie afspraken');
      // The confirmation's form button is named as on the round card, which asks about the agreements.
      const more = (m: ChatMessage) => buttons(m).find((b) => b.actionId === 'more_questions')?.label;
      if (i === 0) expect([more(receipt.confirmation), more(message)]).toEqual(['Meer vragen (ook over jullie afspraken)', 'Meer vragen (ook over jullie afspraken)']);
    }
    // While open the rating sits with the answer in the linkage store, nowhere in the archive.
    expect((await app.answerOf(round.id, voters[0]!))?.agreementRatings).toEqual({ [typed.id]: 'yes', [adopted!.id]: 'yes' });
    expect(await app.store.answers.count(round.id)).toBe(0);
    app.clock.advanceDays(7);
    await app.useCases.closeRound(round.id);
    const results = textOf(app.slack.posts.at(-1)!.message);
    expect(results).toContain('Helpen jullie afspraken?');
    expect(results).toContain('ja 2 · een beetje 1 · nee 1 · weet ik niet 1 (5)');
    expect(results).toContain(`${inert(adopted!.text)}”: te weinig beoordelingen om te tonen`);
    expect(results).not.toContain('ja 3');
    // After close the ratings are in the archive's shuffled answers, tied to nobody.
    const stored = await app.store.answers.forRound(round.id);
    expect(stored.filter((a) => a.answer.agreementRatings?.[typed.id] !== undefined)).toHaveLength(5);

    // The coordinator lists the agreements and marks the typed one done.
    const list = await app.useCases.agreements(app.channel, app.coordinator);
    const done = buttons(list).find((b) => b.actionId === 'agreement_done' && b.value === typed.id)!;
    expect(textOf(await app.useCases.closeAgreement(done.value, app.coordinator, 'done'))).toContain('Afgerond als gedaan');
    expect((await app.store.agreements.get(typed.id))?.status).toBe('done');
    await expectCode(() => app.useCases.closeAgreement(done.value, app.coordinator, 'dropped'), 'agreement_closed');
    // A round opened now asks only about the open one.
    app.clock.advanceDays(1);
    const third = await app.useCases.openRoundNow(app.channel, app.coordinator);
    expect((await app.useCases.answerForm(third.id, voters[0]!)).fields.filter((f) => f.id.startsWith('a.')).map((f) => f.id)).toEqual([`a.${adopted!.id}`]);
  });

  it('lists agreements for anyone, with buttons for coordinators only', async () => {
    app = createTestApp();
    await app.setup();
    await app.useCases.addAgreement(app.channel, app.coordinator, 'Maandelijks samen terugkijken');
    const member = await app.useCases.agreements(app.channel, app.voters(1)[0]!);
    expect(textOf(member)).toContain(inert('Maandelijks samen terugkijken'));
    expect(buttons(member)).toEqual([]);
    const coordinator = await app.useCases.agreements(app.channel, app.coordinator);
    expect(buttons(coordinator).map((b) => b.actionId)).toEqual(['agreement_done', 'agreement_drop']);
  });

  it('suggests revisiting an agreement most find unhelpful, naming it inertly', async () => {
    app = createTestApp();
    await app.setup({ k: 5 });
    await app.useCases.addAgreement(app.channel, app.coordinator, 'Iedereen leest <!channel> vooraf de stukken');
    const [agreement] = await agreementsOf();
    const { round, results } = await runRound([1, 1, 2, 2, 1, 1], (i) => ({ [`a.${agreement!.id}`]: i < 4 ? 'no' : 'yes' }));
    const text = textOf(results);
    expect(text).toContain(`${inert('Iedereen leest <!channel> vooraf de stukken')}”`);
    expect(text).toContain('niet helpt');
    expect(text).toContain('Kijk samen opnieuw naar de afspraak');
    // The agreement suggestion has no adopt button of its own; the others do.
    expect(buttons(results).filter((b) => b.actionId === 'adopt_suggestion').every((b) => !b.value.endsWith(':agreement-revisit'))).toBe(true);
    expect(textOf(await app.useCases.moreInterventions(round.id, app.coordinator))).toContain('Kijk samen opnieuw');
    // Once the network let it go, what is asked for later no longer suggests it.
    await app.useCases.closeAgreement(agreement!.id, app.coordinator, 'dropped');
    expect(textOf(await app.useCases.moreInterventions(round.id, app.coordinator))).not.toContain('Kijk samen opnieuw');
    expect(textOf(await app.useCases.summary(app.channel, app.coordinator))).not.toContain('Kijk samen opnieuw');
  });

  it('gives a coordinator, and only a coordinator, a button per suggestion in "all suggestions"', async () => {
    app = createTestApp();
    await app.setup({ k: 5 });
    const { round } = await runRound([3, 3, 2, 2, 3, 1]);
    const forCoordinator = buttons(await app.useCases.moreInterventions(round.id, app.coordinator));
    expect(forCoordinator.length).toBeGreaterThan(0);
    for (const b of forCoordinator) {
      expect(b.actionId).toBe('adopt_suggestion');
      expect(b.value.startsWith(`${round.id}:`)).toBe(true);
    }
    expect(buttons(await app.useCases.moreInterventions(round.id, app.voters(1, 'U0ANY')[0]!))).toEqual([]);
    // Each of them opens the form for that suggestion's first item.
    for (const b of forCoordinator) expect((await app.useCases.adoptForm(b.value, app.coordinator)).context).toBe(b.value);
    // Once adopted, that suggestion has no button any more while its agreement is open; the others keep theirs.
    const [first, ...others] = forCoordinator;
    await app.useCases.submitAgreementForm(first!.value, app.coordinator, { text: 'Zo gaan we het doen' });
    const after = buttons(await app.useCases.moreInterventions(round.id, app.coordinator));
    expect(after.map((b) => b.value)).toEqual(others.map((b) => b.value));
    // Done with it: it may be adopted again.
    const [agreement] = await agreementsOf();
    await app.useCases.closeAgreement(agreement!.id, app.coordinator, 'done');
    expect(buttons(await app.useCases.moreInterventions(round.id, app.coordinator)).map((b) => b.value)).toEqual(forCoordinator.map((b) => b.value));
  });
});

describe('refusals', () => {
  it('refuses empty and over-long text, and a too long owner, and keeps nothing', async () => {
    app = createTestApp();
    await app.setup();
    await expectCode(() => app.useCases.addAgreement(app.channel, app.coordinator, '   '), 'agreement_empty');
    await expectCode(() => app.useCases.addAgreement(app.channel, app.coordinator, 'x'.repeat(281)), 'agreement_too_long');
    await expectCode(() => app.useCases.addAgreement(app.channel, app.coordinator, `kort | ${'n'.repeat(81)}`), 'agreement_owner_too_long');
    expect(await agreementsOf()).toEqual([]);
    await app.useCases.addAgreement(app.channel, app.coordinator, 'x'.repeat(280));
    expect(await agreementsOf()).toHaveLength(1);
  });

  it('refuses someone who is not a coordinator adding, adopting or closing, politely and naming the coordinators', async () => {
    app = createTestApp();
    await app.setup({ k: 5 });
    const { results } = await runRound([1, 1, 2, 2, 1, 1]);
    const adopt = buttons(results).find((b) => b.actionId === 'adopt_suggestion')!;
    const member: UserRef = app.voters(1, 'U0MEMBER')[0]!;
    await expectCode(() => app.useCases.addAgreement(app.channel, member, 'Ik wil ook iets'), 'not_a_coordinator');
    await expectCode(() => app.useCases.adoptForm(adopt.value, member), 'not_a_coordinator');
    await expectCode(() => app.useCases.submitAgreementForm(adopt.value, member, { text: 'Toch' }), 'not_a_coordinator');
    await app.useCases.addAgreement(app.channel, app.coordinator, 'Van de coördinator');
    const [agreement] = await agreementsOf();
    await expectCode(() => app.useCases.closeAgreement(agreement!.id, member, 'dropped'), 'not_a_coordinator');
    expect((await agreementsOf()).map((a) => [a.text, a.status])).toEqual([['Van de coördinator', 'open']]);
    const refusal = app.useCases.errorMessage(new DomainError('not_a_coordinator', { names: '<@U0COORD>' }), 'nl');
    expect(refusal.text).toContain('alleen coördinatoren');
  });

  it('refuses a suggestion that is not one of that round, and agreements of a network the person cannot reach', async () => {
    app = createTestApp();
    await app.setup({ k: 5 });
    const { round } = await runRound([1, 1, 2, 2, 1, 1]);
    await expectCode(() => app.useCases.adoptForm(`${round.id}:t4-outside-help`, app.coordinator), 'suggestion_not_found');
    await expectCode(() => app.useCases.adoptForm(`nope:t1-keep-it`, app.coordinator), 'round_not_found');
    await app.useCases.addAgreement(app.channel, app.coordinator, 'Eén afspraak');
    const [agreement] = await agreementsOf();
    const elsewhere: UserRef = { platform: 'slack', workspace: 'T0OTHER', user: app.coordinator.user };
    await expectCode(() => app.useCases.closeAgreement(agreement!.id, elsewhere, 'done'), 'agreement_not_found');
    await expectCode(() => app.useCases.closeAgreement('nope', app.coordinator, 'done'), 'agreement_not_found');
  });

  it('asks to close some first when 20 are open, and takes a new one once one is closed', async () => {
    app = createTestApp();
    await app.setup();
    for (let i = 1; i <= 20; i += 1) await app.useCases.addAgreement(app.channel, app.coordinator, `Afspraak ${i}`);
    await expectCode(() => app.useCases.addAgreement(app.channel, app.coordinator, 'Nummer 21'), 'too_many_agreements');
    const message = app.useCases.errorMessage(new DomainError('too_many_agreements', { max: 20 }), 'nl');
    expect(message.text).toContain('/thermometer afspraken');
    const [newest] = await agreementsOf();
    await app.useCases.closeAgreement(newest!.id, app.coordinator, 'dropped');
    await app.useCases.addAgreement(app.channel, app.coordinator, 'Nummer 21');
    expect((await agreementsOf()).filter((a) => a.status === 'open')).toHaveLength(20);
    // The list with twenty open agreements and their buttons stays within Slack's 50 blocks.
    expect((await app.useCases.agreements(app.channel, app.coordinator)).blocks.length).toBeLessThanOrEqual(50);
  });

  it('refuses a rating of an agreement the round does not ask about, and one made while it is open is asked next time', async () => {
    app = createTestApp();
    await app.setup();
    const round = await app.useCases.openRoundNow(app.channel, app.coordinator);
    await app.useCases.addAgreement(app.channel, app.coordinator, 'Gemaakt tijdens de ronde');
    const [late] = await agreementsOf();
    const voter = app.voters(1)[0]!;
    expect((await app.useCases.answerForm(round.id, voter)).fields.some((f) => f.id.startsWith('a.'))).toBe(false);
    await expectCode(() => app.useCases.submitAnswerForm(round.id, voter, { level: '2', [`a.${late!.id}`]: 'yes' }), 'unknown_agreement');
    expect(await app.answerOf(round.id, voter)).toBeUndefined();
  });

  it('refuses agreements of an erased network, and erasing takes them along', async () => {
    app = createTestApp();
    await app.setup();
    await app.useCases.addAgreement(app.channel, app.coordinator, 'Verdwijnt met het netwerk');
    const [agreement] = await agreementsOf();
    await app.useCases.erase(app.channel, app.coordinator);
    expect(await app.store.agreements.get(agreement!.id)).toBeUndefined();
    await expectCode(() => app.useCases.addAgreement(app.channel, app.coordinator, 'Nog een'), 'network_not_found');
    await expectCode(() => app.useCases.agreements(app.channel, app.coordinator), 'network_not_found');
    await expectCode(() => app.useCases.closeAgreement(agreement!.id, app.coordinator, 'done'), 'agreement_not_found');
  });
});

describe('retention', () => {
  it('deletes agreements closed longer ago than the retention period, and keeps open ones', async () => {
    app = createTestApp();
    await app.setup();
    app.clock.set('2024-01-09T08:00:00Z');
    await app.useCases.addAgreement(app.channel, app.coordinator, 'Oud en afgerond');
    await app.useCases.addAgreement(app.channel, app.coordinator, 'Oud maar loopt nog');
    const [open, old] = await agreementsOf();
    await app.useCases.closeAgreement(old!.id, app.coordinator, 'done');
    app.clock.set('2026-01-08T08:00:00Z');
    expect(await app.useCases.purgeExpired()).toBe(0);
    app.clock.set('2026-01-10T08:00:00Z');
    expect(await app.useCases.purgeExpired()).toBe(1);
    expect(await app.store.agreements.get(old!.id)).toBeUndefined();
    expect((await app.store.agreements.get(open!.id))?.status).toBe('open');
  });
});

describe('what coordinators take away', () => {
  it('the export, the summary and the dashboard carry the agreements and how each round rated them', async () => {
    app = createTestApp({ deps: { dashboardKey: new Uint8Array(32).fill(5) } });
    await app.setup({ k: 5 });
    await app.useCases.addAgreement(app.channel, app.coordinator, '=Bellen, "niet" mailen | Jan');
    const [agreement] = await agreementsOf();
    const rate = (r: string) => (i: number): FormValues => (i < 5 ? { [`a.${agreement!.id}`]: r } : {});
    await runRound([1, 1, 2, 2, 1, 1], rate('yes'));
    await runRound([1, 2, 2, 2, 1], (i) => (i < 4 ? { [`a.${agreement!.id}`]: 'no' } : {}));

    const { csv } = await app.useCases.exportCsv(app.channel, app.coordinator);
    const [header, first, second] = csv.trim().split('\r\n');
    expect(header).toContain('"agreement:=Bellen, ""niet"" mailen:yes","agreement:=Bellen, ""niet"" mailen:a_little","agreement:=Bellen, ""niet"" mailen:no","agreement:=Bellen, ""niet"" mailen:unsure"');
    expect(first!.endsWith(',5,0,0,0')).toBe(true);
    // Four ratings are below k: the cells stay empty.
    expect(second!.endsWith(',,,,')).toBe(true);

    const summary = textOf(await app.useCases.summary(app.channel, app.coordinator));
    expect(summary).toContain('Afspraken, en hoe elke ronde ze beoordeelde');
    expect(summary).toContain('ja 5 · een beetje 0 · nee 0 · weet ik niet 0 (5)');
    expect(summary).toContain('te weinig beoordelingen om te tonen');

    const link = (await app.useCases.dashboardLink(app.channel, app.coordinator)).text;
    const token = /\/dashboard\/([A-Za-z0-9._-]+)\|/.exec(link)![1]!;
    const view = await app.useCases.dashboard(token);
    expect(view?.agreements).toEqual([
      { text: '=Bellen, "niet" mailen', status: 'trekker: Jan · loopt sinds 3 maart 2026', ratings: [expect.stringMatching(/: ja 5 · een beetje 0 · nee 0 · weet ik niet 0 \(5\)$/), expect.stringMatching(/: te weinig beoordelingen om te tonen$/)] },
    ]);
  });
});

describe('help', () => {
  it('names both agreement commands in Dutch and English: the list for everyone, adding for coordinators', async () => {
    app = createTestApp();
    const nl = await app.useCases.help(app.channel, 'nl');
    const [everyone = [], coordinators = []] = nl.blocks.flatMap((b) => (b.kind === 'list' ? [b.items] : []));
    expect(everyone.filter((line) => line.startsWith('/thermometer afspraken —'))).toHaveLength(1);
    expect(coordinators.filter((line) => line.startsWith('/thermometer afspraak [tekst] —'))).toHaveLength(1);
    expect(everyone.join('\n')).not.toContain('/thermometer afspraak [tekst]');
    const en = textOf(await app.useCases.help(app.channel, 'en'));
    expect(en).toContain('/thermometer agreements —');
    expect(en).toContain('/thermometer agreement [text] —');
  });
});
