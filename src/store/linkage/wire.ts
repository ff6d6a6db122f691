/**
 * What the bot's thread and the linkage writer thread (writer.ts, writer-thread.ts) say
 * to each other. Messages are structured clones, which keep an Error's message but not
 * its class: a refusal travels as its domain code and comes back a DomainError, any
 * other failure as its message and SQLite code.
 */
import { DomainError, isDomainError, type ErrorCode } from '../../core/errors.ts';
import type { Outcome } from '../group-commit.ts';
import type { LinkageWrite, WriteResult } from './files.ts';

export type WriterRequest =
  | { id: number; kind: 'write'; batch: LinkageWrite[] }
  /** Drop the thread's connection to a round file (before the file is destroyed). */
  | { id: number; kind: 'forget'; roundId: string }
  | { id: number; kind: 'close' };

type WireError = { domain: ErrorCode; params: Record<string, string | number> } | { message: string; code?: string };
export type WireOutcome = { ok: true; value: WriteResult } | { ok: false; error: WireError };

/** `failed`: the request as a whole failed (nothing of a batch was written). */
export interface WriterReply {
  id: number;
  outcomes: WireOutcome[];
  failed?: WireOutcome;
}

export function toWire(outcome: Outcome<WriteResult>): WireOutcome {
  if (outcome.ok) return outcome;
  const { error } = outcome;
  if (isDomainError(error)) return { ok: false, error: { domain: error.code, params: error.params } };
  const code = (error as { code?: unknown } | null)?.code;
  return { ok: false, error: { message: error instanceof Error ? error.message : String(error), ...(typeof code === 'string' ? { code } : {}) } };
}

export function fromWire(outcome: WireOutcome): Outcome<WriteResult> {
  if (outcome.ok) return outcome;
  return { ok: false, error: errorFromWire(outcome.error) };
}

export function errorFromWire(error: WireError): Error {
  if ('domain' in error) return new DomainError(error.domain, error.params);
  return Object.assign(new Error(error.message), error.code === undefined ? {} : { code: error.code });
}
