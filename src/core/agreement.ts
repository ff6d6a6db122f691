/**
 * Agreements (afspraken): what a network agrees to do after a round, from open to done
 * or dropped. An agreement is not anonymous — a coordinator makes it in the open — but
 * no user id is ever stored with one: its owner is free text. Pure data and validation;
 * how an agreement was rated lives in agreement-ratings.ts.
 */
import { DomainError } from './errors.ts';

export const AGREEMENT_STATUSES = ['open', 'done', 'dropped'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
/** What a coordinator can mark an open agreement as. */
export type ClosedStatus = Exclude<AgreementStatus, 'open'>;

export const AGREEMENT_TEXT_MAX = 280;
export const AGREEMENT_OWNER_MAX = 80;
/** More open agreements than this is more than a network can keep in view. */
export const MAX_OPEN_AGREEMENTS = 20;
/** A round asks about at most this many open agreements, the newest first. */
export const AGREEMENTS_ASKED = 3;

export interface Agreement {
  /** Random, like every id. */
  id: string;
  networkId: string;
  /** As typed, cleaned of invisible characters; rendered inert wherever it is shown. */
  text: string;
  /** Who takes it on, as typed ("Fatima", "werkgroep onderwijs"); never a user id. */
  owner: string | null;
  /** The content item of the suggestion it was adopted from; null when typed. */
  sourceItem: string | null;
  /** The closed round after which it was made; null before the first, or once that round is deleted. */
  afterRoundId: string | null;
  status: AgreementStatus;
  createdAt: Date;
  /** When it was marked done or dropped; null while open. */
  closedAt: Date | null;
}

/** Format and control characters, private use, surrogates, unassigned: nothing anyone means to read. */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Co}\p{Cs}\p{Cn}]/gu;

/** One line of typed text: whitespace collapsed, invisible characters gone. */
export function typedLine(input: unknown): string {
  if (typeof input !== 'string') return '';
  // Stryker disable next-line Regex: one space per whitespace character instead would be collapsed on the next line.
  const spaced = input.replace(/\s+/gu, ' ');
  return spaced.replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
}

/** The text of a new agreement, or DomainError 'agreement_empty' / 'agreement_too_long'. */
export function agreementText(input: unknown): string {
  const text = typedLine(input);
  if (text === '') throw new DomainError('agreement_empty');
  if (text.length > AGREEMENT_TEXT_MAX) throw new DomainError('agreement_too_long', { max: AGREEMENT_TEXT_MAX, length: text.length });
  return text;
}

/** The optional owner: null when left empty, DomainError 'agreement_owner_too_long' when too long. */
export function agreementOwner(input: unknown): string | null {
  const owner = typedLine(input);
  if (owner === '') return null;
  if (owner.length > AGREEMENT_OWNER_MAX) throw new DomainError('agreement_owner_too_long', { max: AGREEMENT_OWNER_MAX });
  return owner;
}

/** Refuses a new agreement when the network already has the most it may keep open. */
export function assertMayAddAgreement(openCount: number): void {
  if (openCount >= MAX_OPEN_AGREEMENTS) throw new DomainError('too_many_agreements', { max: MAX_OPEN_AGREEMENTS });
}

/** Newest first; equal times by id, so the order never depends on how they were read. */
export function newestFirst(a: Agreement, b: Agreement): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id);
}

/** The agreements a round opening now asks about: the newest open ones, at most AGREEMENTS_ASKED. */
export function agreementsToAsk(agreements: readonly Agreement[]): Agreement[] {
  return agreements
    .filter((a) => a.status === 'open')
    .sort(newestFirst)
    .slice(0, AGREEMENTS_ASKED);
}
