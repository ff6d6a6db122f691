/** Conversation prompts a network has had, so none repeats until all have been used. */
import type Database from 'better-sqlite3';
import type { PromptRepository } from '../core/store-port.ts';

export function promptRepository(db: Database.Database): PromptRepository {
  const used = db.prepare<[string], { prompt_id: string }>('SELECT prompt_id FROM used_prompts WHERE network_id = ? ORDER BY used_at, prompt_id');
  const mark = db.prepare<[string, string, number]>(
    'INSERT INTO used_prompts (network_id, prompt_id, used_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET used_at = excluded.used_at',
  );
  const reset = db.prepare<[string]>('DELETE FROM used_prompts WHERE network_id = ?');
  return {
    used: (networkId) => used.all(networkId).map((r) => r.prompt_id),
    markUsed(networkId, promptId, at) {
      mark.run(networkId, promptId, at.getTime());
    },
    reset(networkId) {
      reset.run(networkId);
    },
  };
}
