/**
 * Rows both engines hand back the same way: their columns and how each becomes a domain
 * record. SQLite and PostgreSQL keep one table layout (the schema test holds them to
 * it), so the mapping is written once; only timestamps differ in kind (epoch
 * milliseconds in SQLite, `Date` in PostgreSQL), and `new Date` takes both.
 */
import type { Agreement, AgreementStatus } from '../core/agreement.ts';
import type { Language, Platform } from '../core/network.ts';
import type { BindingRecord, Coordinator, PostKind, PostRecord } from '../core/store-port.ts';

type Time = number | Date;

export interface PostRow {
  round_id: string;
  kind: PostKind;
  platform: Platform;
  workspace: string;
  channel: string;
  service_url: string;
  state: PostRecord['state'];
  message_id: string | null;
}

export const POST_COLUMNS = 'round_id, kind, platform, workspace, channel, service_url, state, message_id';

export const toPostRecord = (row: PostRow): PostRecord => ({
  roundId: row.round_id,
  kind: row.kind,
  platform: row.platform,
  workspace: row.workspace,
  channel: row.channel,
  serviceUrl: row.service_url,
  state: row.state,
  messageId: row.message_id,
});

export interface BindingRow {
  platform: Platform;
  workspace: string;
  channel: string;
  service_url: string;
  network_id: string | null;
  channel_key: string;
  label: string | null;
  language: Language | null;
}

export const BINDING_COLUMNS = 'platform, workspace, channel, service_url, network_id, channel_key, label, language';

export const toBindingRecord = (row: BindingRow): BindingRecord => ({
  platform: row.platform,
  workspace: row.workspace,
  channel: row.channel,
  serviceUrl: row.service_url,
  networkId: row.network_id,
  key: row.channel_key,
  ...(row.label !== null ? { label: row.label } : {}),
  ...(row.language !== null ? { language: row.language } : {}),
});

export interface AgreementRow {
  id: string;
  network_id: string;
  text: string;
  owner: string | null;
  source_item: string | null;
  after_round_id: string | null;
  status: AgreementStatus;
  created_at: Time;
  closed_at: Time | null;
}

export const AGREEMENT_COLUMNS = 'id, network_id, text, owner, source_item, after_round_id, status, created_at, closed_at';

export function toAgreement(row: AgreementRow): Agreement {
  return {
    id: row.id,
    networkId: row.network_id,
    text: row.text,
    owner: row.owner,
    sourceItem: row.source_item,
    afterRoundId: row.after_round_id,
    status: row.status,
    createdAt: new Date(row.created_at),
    closedAt: row.closed_at === null ? null : new Date(row.closed_at),
  };
}

export interface CoordinatorRow {
  platform: Platform;
  workspace: string;
  user_id: string;
  name: string | null;
}

export const toCoordinator = (row: CoordinatorRow): Coordinator => ({
  platform: row.platform,
  workspace: row.workspace,
  user: row.user_id,
  ...(row.name ? { name: row.name } : {}),
});
