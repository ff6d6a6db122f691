/**
 * Slack's side of cards made for the screens people read them on: the same typical round
 * (real use cases) rendered as Block Kit. Slack wraps the buttons of an actions block
 * onto new lines itself, but cuts a button's own text at about 30 characters (Block Kit
 * reference, button element: "text may truncate with ~30 characters"), so every label
 * must stay within that. Structure follows the same intent as in Teams: a header, the
 * distribution once as fields, lists one item per line, numbered suggestions with their
 * reason and source, a few comments in the post and the rest in its thread.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMessage } from '../../../src/adapters/slack/block-kit.ts';
import { fitToSlack } from '../../../src/adapters/slack/limits.ts';
import type { Language } from '../../../src/core/network.ts';
import { LEVELS } from '../../../src/core/scale.ts';
import { typicalRound, type TypicalRound } from '../../fixtures/cards/typical-round.ts';
import { blockProblems } from '../../fixtures/slack/block-kit-rules.ts';
import { testContent } from '../../helpers/app.ts';

/** Where Slack starts cutting a button's text. */
const BUTTON_DISPLAY_CHARS = 30;

interface Block {
  type: string;
  elements?: { type: string; action_id?: string; value?: string; style?: string; text?: { text: string } }[];
  fields?: { text: string }[];
  text?: { text: string };
}
const blocksOf = (message: Parameters<typeof renderMessage>[0]): Block[] => renderMessage(message).blocks as unknown as Block[];
const rounds = new Map<Language, TypicalRound>();
beforeAll(async () => {
  for (const lang of ['nl', 'en'] as const) rounds.set(lang, await typicalRound(lang));
}, 60_000);

const chars = (text: string): number => [...text].length;

describe.each(['nl', 'en'] as const)('Slack layout in %s', (lang) => {
  it('has the four level buttons first, in order, each label short enough to show in full; so does the confirmation', () => {
    const t = rounds.get(lang)!;
    for (const message of [t.round, t.confirmation, t.withdrawn]) {
      const blocks = blocksOf(message);
      const first = blocks.find((b) => b.type === 'actions')!;
      expect(first.elements!.map((e) => e.value!.split(':')[1])).toEqual(['1', '2', '3', '4']);
      for (const e of first.elements!) expect(chars(e.text!.text)).toBeLessThanOrEqual(BUTTON_DISPLAY_CHARS);
      for (const b of blocks) for (const e of b.elements ?? []) if (e.type === 'button') expect(chars(e.text!.text)).toBeLessThanOrEqual(BUTTON_DISPLAY_CHARS);
      expect(blockProblems(blocks, 'message')).toEqual([]);
    }
    const confirmation = blocksOf(t.confirmation);
    const chosen = confirmation.find((b) => b.type === 'actions')!.elements!.filter((e) => e.style === 'primary');
    expect(chosen.map((e) => e.text!.text)).toEqual([`✓ ${testContent().levels[3].text[lang].label}`]);
  });

  it('shows the results with a header, the distribution once as four fields, one line per statement, at most three suggestions, and three comments', () => {
    const { post, thread } = fitToSlack(rounds.get(lang)!.results);
    const blocks = blocksOf(post);
    expect(blocks[0]?.type).toBe('header');
    const tally = blocks.filter((b) => b.type === 'section' && b.fields?.length === 4);
    expect(tally).toHaveLength(1);
    LEVELS.forEach((l, i) => expect(tally[0]!.fields![i]!.text).toContain(testContent().levels[l].text[lang].label));
    const text = JSON.stringify(blocks);
    // The shares appear once: no bars, no repeat in the headline.
    expect(text.match(/%/g)).toHaveLength(4);
    const statements = blocks.find((b) => b.type === 'section' && b.text?.text.startsWith('• '))!;
    expect(statements.text!.text.split('\n')).toHaveLength(5);
    const numbered = blocks.filter((b) => b.type === 'section' && /^\*\d\. /.test(b.text?.text ?? ''));
    expect(numbered.length).toBeGreaterThan(0);
    expect(numbered.length).toBeLessThanOrEqual(3);
    expect(text.match(/“/g)).toHaveLength(3);
    expect(thread.flatMap((m) => m.blocks).filter((b) => b.kind === 'list').flatMap((b) => (b.kind === 'list' ? b.items : []))).toHaveLength(1);
    expect(blockProblems(blocks, 'message')).toEqual([]);
  });
});
