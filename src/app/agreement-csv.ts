/**
 * The export's agreement columns: for every agreement a round asked about, four columns
 * with how many rated it yes, a little, no and "don't know" in each round — filled only
 * where the figure was shown (from k ratings), like statements. The header names the
 * agreement by its text, so a spreadsheet reads without a key.
 */
import type { AgreementRating } from '../core/agreement-ratings.ts';
import type { StoredRound } from '../core/store-port.ts';

const COLUMN: Record<AgreementRating, string> = { yes: 'yes', 'a-little': 'a_little', no: 'no', unsure: 'unsure' };
/** Column order: from helpful to not, then no opinion. */
const ORDER: readonly AgreementRating[] = ['yes', 'a-little', 'no', 'unsure'];

export interface AgreementColumns {
  header: string[];
  /** A round's cells, in header order; empty where it did not ask or showed too few ratings. */
  cells(round: StoredRound): (number | null)[];
}

/** `rounds` oldest first; agreements in the order they were first asked. */
export function agreementColumns(rounds: readonly StoredRound[]): AgreementColumns {
  const agreements = new Map<string, string>();
  for (const r of rounds) for (const f of (r.result?.shown ? r.result.agreements : undefined) ?? []) if (!agreements.has(f.id)) agreements.set(f.id, f.text);
  // Two agreements with the same text still get columns of their own.
  const used = new Map<string, number>();
  const names = [...agreements.values()].map((text) => {
    const seen = (used.get(text) ?? 0) + 1;
    used.set(text, seen);
    return seen === 1 ? text : `${text} (${seen})`;
  });
  const ids = [...agreements.keys()];
  return {
    header: names.flatMap((name) => ORDER.map((r) => `agreement:${name}:${COLUMN[r]}`)),
    cells(round) {
      const figures = round.result?.shown ? (round.result.agreements ?? []) : [];
      return ids.flatMap((id) => {
        const figure = figures.find((f) => f.id === id);
        return ORDER.map((r) => (figure?.shown ? figure.counts[r] : null));
      });
    },
  };
}
