/**
 * What the bot posted (or meant to post) per round and channel. The intent is recorded
 * before posting and the message id after, so whichever replica finishes a round's
 * posts sends only what is still missing.
 */
import type { PostKind, PostRecord, PostRepository } from '../../core/store-port.ts';
import type { Sql } from './sql.ts';
import { POST_COLUMNS, toPostRecord, type PostRow } from '../rows.ts';

const KEY = 'round_id = $1 AND kind = $2 AND platform = $3 AND workspace = $4 AND channel = $5';

export function postRepository(sql: Sql): PostRepository {
  const get = async (roundId: string, kind: PostKind, c: { platform: string; workspace: string; channel: string }): Promise<PostRecord | undefined> => {
    const [row] = await sql.rows<PostRow>(`SELECT ${POST_COLUMNS} FROM round_posts WHERE ${KEY}`, [roundId, kind, c.platform, c.workspace, c.channel]);
    return row ? toPostRecord(row) : undefined;
  };
  return {
    get,
    async intend(roundId, kind, b) {
      await sql.run(
        `INSERT INTO round_posts (round_id, kind, platform, workspace, channel, service_url, state) VALUES ($1, $2, $3, $4, $5, $6, 'pending')
         ON CONFLICT DO NOTHING`,
        [roundId, kind, b.platform, b.workspace, b.channel, b.serviceUrl],
      );
      const record = await get(roundId, kind, b);
      if (!record) throw new Error('round post intent was not recorded');
      return record;
    },
    async posted(roundId, kind, ref) {
      await sql.run(
        `INSERT INTO round_posts (round_id, kind, platform, workspace, channel, service_url, state, message_id) VALUES ($1, $2, $3, $4, $5, $6, 'posted', $7)
         ON CONFLICT (round_id, kind, platform, workspace, channel) DO UPDATE SET state = 'posted', message_id = excluded.message_id, service_url = excluded.service_url`,
        [roundId, kind, ref.platform, ref.workspace, ref.channel, ref.serviceUrl, ref.messageId],
      );
    },
    async failed(roundId, kind, c) {
      await sql.run(`UPDATE round_posts SET state = 'failed' WHERE ${KEY}`, [roundId, kind, c.platform, c.workspace, c.channel]);
    },
    forRound: async (roundId, kind) =>
      (await sql.rows<PostRow>(`SELECT ${POST_COLUMNS} FROM round_posts WHERE round_id = $1 AND kind = $2 ORDER BY platform, workspace, channel`, [roundId, kind])).map(toPostRecord),
  };
}
