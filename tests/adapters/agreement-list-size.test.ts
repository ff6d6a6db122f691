/**
 * The fullest agreement list a coordinator can get — twenty open agreements (the most a
 * network keeps) and five recently closed, every text and owner at its longest and full
 * of markup that escaping makes longer — as each platform's private reply sends it:
 * within Block Kit's limits (fifty blocks, the cumulative text Slack refuses above) and a
 * valid Adaptive Card within Teams' safe size, with a done and a let-go button for every
 * open agreement. Too large in full, it goes in its reduced form (texts shortened); a
 * list of ordinary length goes in full.
 */
import { describe, expect, it } from 'vitest';
import { fitsSlack, replyForSlack } from '../../src/adapters/slack/limits.ts';
import { fitsTeams } from '../../src/adapters/teams/card-size.ts';
import { renderMessage as renderTeams } from '../../src/adapters/teams/adaptive-card.ts';
import { agreementsMessage } from '../../src/app/messages/agreement-messages.ts';
import { AGREEMENT_OWNER_MAX, AGREEMENT_TEXT_MAX, MAX_OPEN_AGREEMENTS, type Agreement } from '../../src/core/agreement.ts';
import type { Button, ChatMessage } from '../../src/core/message.ts';
import { blockProblems } from '../fixtures/slack/block-kit-rules.ts';
import { assertValidCard } from '../fixtures/teams/card-validator.ts';
import { testContent } from '../helpers/app.ts';

const longest = (seed: string, max: number): string => `${seed} ${'<!channel> *markup* & zo verder '.repeat(20)}`.slice(0, max);

function agreement(n: number, status: Agreement['status']): Agreement {
  return {
    id: `agreement-${n}`,
    networkId: 'n1',
    text: longest(`Afspraak ${n}:`, AGREEMENT_TEXT_MAX),
    owner: longest(`Werkgroep ${n}`, AGREEMENT_OWNER_MAX),
    sourceItem: null,
    afterRoundId: null,
    status,
    createdAt: new Date(Date.UTC(2026, 0, n)),
    closedAt: status === 'open' ? null : new Date(Date.UTC(2026, 2, n)),
  };
}

describe.each(['nl', 'en'] as const)('the fullest agreement list in %s', (lang) => {
  const open = Array.from({ length: MAX_OPEN_AGREEMENTS }, (_, i) => agreement(i + 1, 'open'));
  const closed = Array.from({ length: 8 }, (_, i) => agreement(100 + i, i % 2 === 0 ? 'done' : 'dropped'));
  const message: ChatMessage = agreementsMessage({ content: testContent(), lang, timeZone: 'Europe/Amsterdam' }, { networkName: 'Samen Sterk Oost', agreements: [...open, ...closed], coordinator: true });
  const doneButtons = (m: ChatMessage): string[] => m.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons.filter((x) => x.actionId === 'agreement_done').map((x) => x.value) : []));

  const ordinary = agreementsMessage({ content: testContent(), lang, timeZone: 'Europe/Amsterdam' }, {
    networkName: 'Samen Sterk Oost',
    agreements: [1, 2, 3].map((n) => ({ ...agreement(n, 'open'), text: `Afspraak ${n}: we bellen voordat we mailen`, owner: 'Jan' })),
    coordinator: true,
  });
  type SlackElement = { action_id?: string; value?: string };
  const slackDone = (blocks: unknown[]): string[] =>
    (blocks as { type: string; elements?: SlackElement[] }[]).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []).filter((e) => e.action_id?.startsWith('agreement_done')).map((e) => e.value ?? '') : []));

  it('replies in Slack within Block Kit limits with every button, shortened only when the full list is too large', () => {
    expect(fitsSlack(replyForSlack(message))).toBe(true);
    const blocks = replyForSlack(message).blocks;
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(blockProblems(blocks, 'message')).toEqual([]);
    expect(slackDone(blocks)).toEqual(open.map((a) => a.id));
    expect(JSON.stringify(blocks)).toContain(lang === 'nl' ? 'ingekort' : 'shortened');
    // Typed pings arrive only where Slack cannot read them as mrkdwn, or escaped.
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
    // An ordinary list goes in full: owners and whole texts.
    const full = JSON.stringify(replyForSlack(ordinary).blocks);
    expect(full).toContain('we bellen voordat we mailen');
    expect(full).toContain('Jan');
    expect(full).not.toContain(lang === 'nl' ? 'ingekort' : 'shortened');
    // What anyone else gets (no buttons) fits as well.
    const member = agreementsMessage({ content: testContent(), lang, timeZone: 'Europe/Amsterdam' }, { networkName: 'Samen Sterk Oost', agreements: [...open, ...closed], coordinator: false });
    expect(blockProblems(replyForSlack(member).blocks, 'message')).toEqual([]);
    expect(slackDone(replyForSlack(member).blocks)).toEqual([]);
  });

  it('replies in Teams with one valid card within the safe size, with every button', () => {
    const render = (m: ChatMessage) => renderTeams(m, { attachmentUrl: () => 'https://example.org/x.png' });
    const reply = fitsTeams(render(message)) ? message : message.reduced!;
    const card = render(reply);
    expect(fitsTeams(card)).toBe(true);
    assertValidCard(card);
    expect(doneButtons(reply)).toEqual(open.map((a) => a.id));
    expect(reply.blocks.flatMap((b): Button[] => (b.kind === 'actions' ? b.buttons : [])).filter((b) => b.actionId === 'agreement_drop')).toHaveLength(open.length);
  });
});
