import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.ts';

describe('logger', () => {
  it('drops fields that could pair a person with an answer', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (line) => lines.push(line));
    log.info('answer recorded', { userId: 'U123', user: 'U123', token: 'abc', comment: 'secret words', level: 3, roundId: 'r1', count: 4 });
    const record = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({ level: 'info', msg: 'answer recorded', roundId: 'r1', count: 4 });
    expect(lines[0]).not.toContain('U123');
    expect(lines[0]).not.toContain('secret words');
    expect(lines[0]).not.toContain('"token"');
  });

  it('filters below the configured level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (line) => lines.push(line));
    log.info('quiet');
    log.warn('loud');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('loud');
  });
});
