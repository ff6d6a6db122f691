/**
 * A small JSON-lines logger. Promise 6 of DESIGN.md is enforced here as a last line of
 * defence: fields that could pair a person with an answer (user ids, tokens, comments,
 * answers, levels) are dropped before anything is written, whatever the caller passes.
 */
import type { LogLevel } from './config.ts';
import type { Logger } from './core/ports.ts';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names never written to a log. Matched case-insensitively on the whole name. */
const FORBIDDEN = /^(user|userid|user_id|users|aadobjectid|from|token|tokens|secret|comment|comments|answer|answers|level|ratings|text|payload|body)$/i;

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (FORBIDDEN.test(key)) continue;
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Logger {
  const emit = (at: LogLevel, msg: string, fields: Record<string, unknown> = {}): void => {
    if (ORDER[at] < ORDER[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: at, msg, ...redact(fields) }));
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
  };
}
