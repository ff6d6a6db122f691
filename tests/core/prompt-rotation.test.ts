import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPrompt, type PromptLike } from '../../src/core/prompt-rotation.ts';

const dilemmas: PromptLike[] = Array.from({ length: 12 }, (_, i) => ({ id: `d${i}`, kind: 'dilemma' }));
const monitor: PromptLike[] = [{ id: 'm1', kind: 'monitor' }];
const prompts = [...dilemmas, ...monitor];

describe('nextPrompt', () => {
  it('never repeats a dilemma until all have been used, over many cycles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), (rounds) => {
        const used: string[] = [];
        for (let i = 0; i < rounds; i++) {
          const p = nextPrompt(prompts, { used, trend: { direction: 'steady' } });
          if (!p) throw new Error('no prompt');
          const cycleStart = used.length - (used.length % dilemmas.length);
          expect(used.slice(cycleStart)).not.toContain(p.id);
          expect(p.kind).toBe('dilemma');
          used.push(p.id);
        }
      }),
    );
  });

  it('asks the monitor questions when the temperature changed', () => {
    expect(nextPrompt(prompts, { used: [], trend: { direction: 'rising' } })?.id).toBe('m1');
    expect(nextPrompt(prompts, { used: ['m1'], trend: { direction: 'falling' } })?.id).toBe('m1');
    expect(nextPrompt(prompts, { used: [], trend: { direction: 'unknown' } })?.kind).toBe('dilemma');
  });

  it('rotates the other conversation prompts along with the dilemmas, never the monitor questions when nothing changed', () => {
    const mixed: PromptLike[] = [dilemmas[0]!, { id: 'check', kind: 'check' }, dilemmas[1]!, { id: 'exec', kind: 'reflection' }, { id: 'table', kind: 'exercise' }, ...monitor];
    const used: string[] = [];
    for (let i = 0; i < 5; i++) used.push(nextPrompt(mixed, { used, trend: { direction: 'steady' } })!.id);
    expect(used).toEqual(['d0', 'check', 'd1', 'exec', 'table']);
  });

  it('falls back to dilemmas when content has no monitor prompt', () => {
    expect(nextPrompt(dilemmas, { used: [], trend: { direction: 'rising' } })?.id).toBe('d0');
  });
});
