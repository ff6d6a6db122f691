/**
 * Conversation prompts a network has had and how often, so the rotation (core's
 * nextPrompt) can pick one of the least used: none repeats until all have been used.
 */
import type Database from 'better-sqlite3';
import type { PromptRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';

export function promptRepository(db: Database.Database): Sync<PromptRepository> {
  const used = db.prepare<[string], { prompt_id: string; uses: number }>('SELECT prompt_id, uses FROM used_prompts WHERE network_id = ? ORDER BY used_at, prompt_id');
  const mark = db.prepare<[string, string, number]>(
    'INSERT INTO used_prompts (network_id, prompt_id, used_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET uses = uses + 1, used_at = excluded.used_at',
  );
  return {
    used: (networkId) => used.all(networkId).flatMap((r) => Array<string>(r.uses).fill(r.prompt_id)),
    markUsed(networkId, promptId, at) {
      mark.run(networkId, promptId, at.getTime());
    },
  };
}
