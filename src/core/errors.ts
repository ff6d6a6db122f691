/**
 * Domain errors with a typed code. Adapters map each code to a polite, localised reply
 * (locale key `error.<code>`); callers never match on message text.
 */

export const ERROR_CODES = [
  'level_out_of_range',
  'rating_out_of_range',
  'unknown_statement',
  'unknown_domain',
  'unknown_org_level',
  'comment_too_long',
  'comments_disabled',
  'round_not_open',
  'round_not_found',
  'round_already_open',
  'no_open_round',
  'no_closed_round',
  'network_not_found',
  'not_a_coordinator',
  'invalid_settings',
  'nothing_to_withdraw',
  'close_thin_margin',
  'setup_not_requested',
  'schedule_overlaps',
  'join_code_invalid',
  'join_rate_limited',
  'channel_already_bound',
  'last_channel',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
