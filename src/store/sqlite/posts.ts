/**
 * What the bot posted (or meant to post) per round and channel: the round message, its
 * results and the reminder. The intent is recorded before posting and the message id
 * after, so a retry after a crash posts only what is missing, and the live count can be
 * updated in place.
 */
import type Database from 'better-sqlite3';
import type { PostKind, PostRecord, PostRepository } from '../../core/store-port.ts';
import type { Sync } from './sync.ts';
import { POST_COLUMNS, toPostRecord, type PostRow } from '../rows.ts';

const KEY = 'round_id = ? AND kind = ? AND platform = ? AND workspace = ? AND channel = ?';

export function postRepository(db: Database.Database): Sync<PostRepository> {
  const select = db.prepare<[string, string, string, string, string], PostRow>(`SELECT ${POST_COLUMNS} FROM round_posts WHERE ${KEY}`);
  const intend = db.prepare<[string, string, string, string, string, string]>(
    `INSERT INTO round_posts (round_id, kind, platform, workspace, channel, service_url, state) VALUES (?, ?, ?, ?, ?, ?, 'pending')
     ON CONFLICT DO NOTHING`,
  );
  const posted = db.prepare<[string, string, string, string, string, string, string, string]>(
    `INSERT INTO round_posts (round_id, kind, platform, workspace, channel, service_url, state, message_id) VALUES (?, ?, ?, ?, ?, ?, 'posted', ?)
     ON CONFLICT DO UPDATE SET state = 'posted', message_id = excluded.message_id, service_url = ?`,
  );
  const failed = db.prepare<[string, string, string, string, string]>(`UPDATE round_posts SET state = 'failed' WHERE ${KEY}`);
  const forRound = db.prepare<[string, string], PostRow>(`SELECT ${POST_COLUMNS} FROM round_posts WHERE round_id = ? AND kind = ? ORDER BY platform, workspace, channel`);

  const get = (roundId: string, kind: PostKind, c: { platform: string; workspace: string; channel: string }): PostRecord | undefined => {
    const row = select.get(roundId, kind, c.platform, c.workspace, c.channel);
    return row ? toPostRecord(row) : undefined;
  };

  return {
    get,
    intend: db.transaction((roundId: string, kind: PostKind, b: Parameters<PostRepository['intend']>[2]) => {
      intend.run(roundId, kind, b.platform, b.workspace, b.channel, b.serviceUrl);
      const record = get(roundId, kind, b);
      if (!record) throw new Error('round post intent was not recorded');
      return record;
    }),
    posted(roundId, kind, ref) {
      posted.run(roundId, kind, ref.platform, ref.workspace, ref.channel, ref.serviceUrl, ref.messageId, ref.serviceUrl);
    },
    failed(roundId, kind, c) {
      failed.run(roundId, kind, c.platform, c.workspace, c.channel);
    },
    forRound: (roundId, kind) => forRound.all(roundId, kind).map(toPostRecord),
  };
}
