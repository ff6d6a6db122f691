/** Splitting a message to a platform's limits: nothing lost, nothing twice, every part within the limit. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { halves, LIST_BLOCK_MAX, listBlocks, splitToFit, withListItems } from '../../src/core/message-split.ts';
import type { ChatMessage } from '../../src/core/message.ts';

const blockText = (b: ChatMessage['blocks'][number]): string => (b.kind === 'list' ? b.items.join('\n') : 'text' in b ? b.text : '');
const size = (m: ChatMessage): number => m.blocks.reduce((s, b) => s + blockText(b).length, 0);
const itemsIn = (m: ChatMessage): string[] => m.blocks.flatMap((b) => (b.kind === 'list' ? b.items.flatMap((item) => [...item.matchAll(/«(\d+)»/g)].map((x) => x[1]!)) : []));

function message(items: string[], maxInPost: number): ChatMessage {
  return {
    text: 'Uitkomst',
    blocks: [{ kind: 'heading', text: 'Uitkomst' }, { kind: 'paragraph', text: 'x'.repeat(200) }],
    list: { heading: 'Opmerkingen', items, maxInPost, movedNote: 'Nog {count} in de draad.', continuedHeading: 'Vervolg ({from}–{to} van {total})' },
  };
}

describe('splitToFit', () => {
  it('keeps every item exactly once and in order, at most maxInPost in the post, every part within the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 70 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1300, max: 9000 }), (lengths, maxInPost, limit) => {
        const items = lengths.map((n, i) => `“«${i}»${'w'.repeat(n)}”`);
        const { post, thread } = splitToFit(message(items, maxInPost), (m) => size(m) <= limit);
        const all = [post, ...thread].flatMap(itemsIn);
        expect(all).toEqual(items.map((_, i) => String(i)));
        expect(itemsIn(post).length).toBeLessThanOrEqual(maxInPost);
        for (const part of [post, ...thread]) expect(size(part)).toBeLessThanOrEqual(limit);
        for (const part of [post, ...thread]) for (const b of part.blocks) if (b.kind === 'list') expect(blockText(b).length).toBeLessThanOrEqual(LIST_BLOCK_MAX);
        const moved = items.length - itemsIn(post).length;
        expect(post.blocks.some((b) => b.kind === 'context' && b.text === `Nog ${moved} in de draad.`)).toBe(moved > 0);
      }),
      { numRuns: 150 },
    );
  });

  it('numbers the follow-ups and leaves a message without a list as it is', () => {
    const items = Array.from({ length: 5 }, (_, i) => `«${i}»`);
    const { thread } = splitToFit(message(items, 2), (m) => itemsIn(m).length <= 2);
    expect(thread.map((m) => m.text)).toEqual(['Vervolg (3–4 van 5)', 'Vervolg (5–5 van 5)']);
    const plain: ChatMessage = { text: 't', blocks: [{ kind: 'paragraph', text: 'p' }] };
    expect(splitToFit(plain, () => false)).toEqual({ post: plain, thread: [] });
    expect(withListItems(message([], 3), 0).blocks).toHaveLength(2);
  });

  it('puts every item in a follow-up of its own when nothing fits, not even the post without them', () => {
    const items = ['«0»', '«1»', '«2»'];
    const { post, thread } = splitToFit(message(items, 2), () => false);
    expect(itemsIn(post)).toEqual([]);
    expect(post.blocks.at(-1)).toEqual({ kind: 'context', text: 'Nog 3 in de draad.' });
    expect(thread.map(itemsIn)).toEqual([['0'], ['1'], ['2']]);
  });

  it('shows the post\'s own blocks, then the items under their heading, then the note', () => {
    const m = message(['«0»', '«1»', '«2»'], 3);
    const heading = { kind: 'subheading', text: 'Opmerkingen' };
    expect(withListItems(m, 2).blocks).toEqual([...m.blocks, heading, { kind: 'list', items: ['«0»', '«1»'] }, { kind: 'context', text: 'Nog 1 in de draad.' }]);
    expect(withListItems(m, 0).blocks).toEqual([...m.blocks, { kind: 'context', text: 'Nog 3 in de draad.' }]);
    expect(withListItems(m, 3).blocks).toEqual([...m.blocks, heading, { kind: 'list', items: ['«0»', '«1»', '«2»'] }]);
    expect(withListItems(m, 3)).not.toHaveProperty('list');
  });

  it('fills a list up to LIST_BLOCK_MAX characters with its line breaks, and cuts an item longer than that', () => {
    const lists = (items: string[]) => listBlocks('H', items).flatMap((b) => (b.kind === 'list' ? [b.items.map((i) => i.length)] : []));
    // Two items and the line break between them: 1,399 + 1 + 1,399 = 2,799 characters.
    expect(lists(['a'.repeat(1399), 'b'.repeat(1399)])).toEqual([[1399, 1399]]);
    expect(lists(['a'.repeat(1399), 'b'.repeat(1400)])).toEqual([[1399], [1400]]);
    expect(lists(['a'.repeat(LIST_BLOCK_MAX)])).toEqual([[LIST_BLOCK_MAX]]);
    expect(listBlocks('H', ['c'.repeat(LIST_BLOCK_MAX + 1)])).toEqual([
      { kind: 'subheading', text: 'H' },
      { kind: 'list', items: [`${'c'.repeat(LIST_BLOCK_MAX - 1)}…`] },
    ]);
  });

  it('folds the list behind a button where the platform can, and keeps the post short where it cannot', () => {
    const items = Array.from({ length: 8 }, (_, i) => `«${i}»`);
    const folding: ChatMessage = {
      ...message(items, 6),
      list: { ...message(items, 6).list!, movedNote: '{count, plural, one {Nog # in de draad.} other {Nog # in de draad, allemaal.}}', fold: { label: '{count, plural, one {Toon de opmerking} other {Toon de # opmerkingen}}', maxUnfolded: 3 }, locale: 'nl-NL' },
    };
    const folded = splitToFit(folding, () => true, { canFold: true });
    expect(itemsIn(folded.post)).toEqual(['0', '1', '2', '3', '4', '5']);
    const lists = folded.post.blocks.filter((b) => b.kind === 'list');
    expect(lists.map((b) => (b.kind === 'list' ? b.fold : undefined))).toEqual(['Toon de 6 opmerkingen']);
    expect(folded.post.blocks.some((b) => b.kind === 'context' && b.text === 'Nog 2 in de draad, allemaal.')).toBe(true);
    const open = splitToFit(folding, () => true);
    expect(itemsIn(open.post)).toEqual(['0', '1', '2']);
    expect(open.post.blocks.some((b) => b.kind === 'list' && b.fold !== undefined)).toBe(false);
    expect(open.thread.flatMap(itemsIn)).toEqual(['3', '4', '5', '6', '7']);
    const one = splitToFit({ ...folding, list: { ...folding.list!, items: items.slice(0, 4) } }, () => true);
    expect(one.post.blocks.some((b) => b.kind === 'context' && b.text === 'Nog 1 in de draad.')).toBe(true);
  });

  it('cuts a follow-up in two halves at a block boundary', () => {
    const m: ChatMessage = { text: 'v', blocks: [1, 2, 3].map((i) => ({ kind: 'paragraph' as const, text: String(i) })) };
    expect(halves(m)?.map((h) => h.blocks.length)).toEqual([2, 1]);
    expect(halves({ ...m, blocks: m.blocks.slice(0, 2) })?.map((h) => h.blocks)).toEqual([[m.blocks[0]], [m.blocks[1]]]);
    expect(halves({ text: 'v', blocks: [{ kind: 'paragraph', text: '1' }] })).toBeUndefined();
  });
});
