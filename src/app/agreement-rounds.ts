/**
 * Agreements in rounds. Which open agreements a round asks about is decided once, when
 * it opens (the newest, at most three), and recorded with the round: the round message,
 * its answer form, the validation of answers and the aggregation at close all read that
 * same list, so an agreement made or closed while the round is open changes none of them.
 * Suggestions about agreements the network has settled are left out of later posts.
 */
import { agreementsToAsk } from '../core/agreement.ts';
import type { AskedAgreement } from '../core/agreement-ratings.ts';
import type { Suggestion } from '../core/result.ts';
import type { Repositories } from '../core/store-port.ts';

/** Inside the transaction that opens the round: records the agreements it asks about. */
export async function askAgreements(tx: Pick<Repositories, 'agreements'>, networkId: string, roundId: string): Promise<void> {
  const asked = agreementsToAsk(await tx.agreements.forNetwork(networkId));
  if (asked.length > 0) await tx.agreements.ask(roundId, asked.map((a) => a.id));
}

/** The agreements a round asks about, as its message, form and aggregation need them. */
export async function askedAgreements(store: Pick<Repositories, 'agreements'>, roundId: string): Promise<AskedAgreement[]> {
  return (await store.agreements.askedIn(roundId)).map(({ id, text }) => ({ id, text }));
}

/** The suggested items the network already made an open agreement of: not offered for adopting again. */
export async function adoptedItems(store: Pick<Repositories, 'agreements'>, networkId: string): Promise<Set<string>> {
  const open = (await store.agreements.forNetwork(networkId)).filter((a) => a.status === 'open');
  return new Set(open.flatMap((a) => (a.sourceItem ? [a.sourceItem] : [])));
}

/**
 * Suggestions about an agreement that is no longer open are left out: the network acted
 * on it already (marked it done or let it go), so a post or summary made later does not
 * suggest it again.
 */
export async function withoutSettledAgreements(store: Pick<Repositories, 'agreements'>, suggestions: readonly Suggestion[]): Promise<Suggestion[]> {
  const kept: Suggestion[] = [];
  for (const s of suggestions) {
    const id = s.reason.params.agreement;
    if (typeof id === 'string' && (await store.agreements.get(id))?.status !== 'open') continue;
    kept.push(s);
  }
  return kept;
}
