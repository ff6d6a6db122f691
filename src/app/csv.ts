/**
 * The coordinator's export: one row per closed round with its aggregates only (promise
 * 6). A round below k gives its count and nothing else; no row ever holds a single
 * answer or a comment. Agreements and how each round rated them follow as columns
 * (agreement-csv.ts).
 */
import { LEVELS } from '../core/scale.ts';
import { agreementColumns } from './agreement-csv.ts';
import type { StoredRound } from '../core/store-port.ts';

const BASE_COLUMNS = ['round', 'opened', 'closed', 'instrument', 'n', 'k', 'shown', 'level_1', 'level_2', 'level_3', 'level_4', 'median', 'mean'];

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote when needed; a leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Closed rounds, oldest first. */
export function exportCsv(rounds: StoredRound[]): string {
  const statementIds: string[] = [];
  for (const r of rounds) {
    if (!r.result?.shown) continue;
    for (const s of r.result.statements) if (!statementIds.includes(s.id)) statementIds.push(s.id);
  }
  const agreements = agreementColumns(rounds);
  const header = [...BASE_COLUMNS, ...statementIds.map((id) => `statement:${id}`), ...agreements.header];
  const lines = [header.map(cell).join(',')];
  for (const r of rounds) {
    const result = r.result;
    if (!result) continue;
    const row: (string | number | boolean | null)[] = [
      r.id,
      r.openedAt?.toISOString() ?? null,
      r.closedAt?.toISOString() ?? null,
      r.instrument,
      result.n,
      result.k,
      result.shown,
    ];
    if (result.shown) {
      row.push(...LEVELS.map((l) => result.counts[l]), round2(result.median), round2(result.mean));
      row.push(...statementIds.map((id) => {
        const s = result.statements.find((st) => st.id === id);
        return s ? round2(s.mean) : null;
      }));
    } else {
      row.push(...Array<null>(6 + statementIds.length).fill(null));
    }
    row.push(...agreements.cells(r));
    lines.push(row.map(cell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
