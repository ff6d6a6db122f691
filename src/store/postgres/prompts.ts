/** Conversation prompts a network has had and how often, for the rotation. */
import type { PromptRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';

export function promptRepository(sql: Sql): PromptRepository {
  return {
    used: async (networkId) =>
      (await sql.rows<{ prompt_id: string; uses: number }>('SELECT prompt_id, uses FROM used_prompts WHERE network_id = $1 ORDER BY used_at, prompt_id', [networkId])).flatMap(
        (r) => Array<string>(r.uses).fill(r.prompt_id),
      ),
    async markUsed(networkId, promptId, at) {
      await sql.run(
        `INSERT INTO used_prompts (network_id, prompt_id, used_at) VALUES ($1, $2, $3)
         ON CONFLICT (network_id, prompt_id) DO UPDATE SET uses = used_prompts.uses + 1, used_at = excluded.used_at`,
        [networkId, promptId, at],
      );
    },
  };
}
