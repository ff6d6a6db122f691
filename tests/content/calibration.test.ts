/**
 * The rules calibrated by simulation, not by feel. Many seeded networks per scenario
 * (6–40 members, twelve monthly rounds, k = 5) go through the real aggregation and the
 * real rules from content; the test prints each rule's firing rate per scenario (the
 * table in the README) and holds the bounds a coordinator can trust:
 * - healthy networks: the spread warning in at most 10% of rounds, the dip rules in at
 *   most 5%, and a tense suggestion on top of the list in at most 2% (chance in a few
 *   responses: a tie with level 3, a jump in a round of six; polarised networks: ~80%);
 * - polarised networks: the spread warning in at least 80% of rounds;
 * - dipping networks: a dip rule within three rounds of the dip's start;
 * - every rule fires somewhere; no results post shows an item twice or says calm and
 *   tense things at once;
 * - agreements (two per network, working, mixed or failing): a failing one is named
 *   unhelpful within the first two rounds its rating is shown, a working one almost
 *   never, a mixed one rarely; a working one is named as having helped three rounds in
 *   a row, a mixed one rarely and a failing one never.
 */
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.ts';
import { firedRules, selectSuggestions } from '../../src/core/interventions.ts';
import type { Suggestion } from '../../src/core/result.ts';
import { resultsMessage, TOP_SUGGESTIONS } from '../../src/app/messages/results-message.ts';
import { trend } from '../../src/core/trend.ts';
import { AGREEMENT_KINDS, SCENARIOS, simulateNetwork, type AgreementKind, type Scenario, type SimulatedNetwork } from '../fixtures/simulated-network.ts';

const content = loadContent();
const statementTips = Object.fromEntries([...content.instruments.values()].flatMap((i) => i.statements.map((s) => [s.id, s.tips])));
const NETWORKS = 150;
const DIP_RULES = ['participation-drop', 'network-dip'];
/**
 * Suggestions whose reasons would contradict each other in one post: "friendly and open
 * prevails" next to "guarded / disagreement / conflict prevails" or "tension is rising".
 */
const CALM = ['prevailing-1', 'calm-streak'];
const TENSE = ['prevailing-2', 'prevailing-3', 'prevailing-4', 'rising-tension'];

interface RoundOutcome {
  fired: Suggestion[];
  selected: Suggestion[];
}

function outcomes(network: SimulatedNetwork): RoundOutcome[] {
  return network.points.map((_, t) => {
    const history = network.points.slice(0, t + 1);
    const fired = firedRules(content.rules, { history, statementTips });
    return { fired, selected: selectSuggestions(content.rules, fired) };
  });
}

const networks = new Map<Scenario, SimulatedNetwork[]>(SCENARIOS.map((s) => [s, Array.from({ length: NETWORKS }, (_, i) => simulateNetwork(s, i + 1))]));
const results = new Map<Scenario, RoundOutcome[][]>(SCENARIOS.map((s) => [s, (networks.get(s) ?? []).map(outcomes)]));

function rate(scenario: Scenario, test: (o: RoundOutcome) => boolean): number {
  const all = (results.get(scenario) ?? []).flat();
  return all.filter(test).length / all.length;
}
const fires = (ruleId: string) => (o: RoundOutcome) => o.fired.some((s) => s.ruleId === ruleId);
/** Share of a scenario's networks in which a rule fires at least once in its twelve rounds. */
function networkRate(scenario: Scenario, ruleId: string): number {
  const all = results.get(scenario) ?? [];
  return all.filter((network) => network.some(fires(ruleId))).length / all.length;
}
const GROUP_RULES: readonly string[] = ['group-difference'];
const pct = (x: number) => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 1 : 0)}%`;

describe('rules calibrated by simulation', () => {
  it('prints the firing rate of every rule per scenario', () => {
    const header = `| rule | ${SCENARIOS.join(' | ')} |`;
    const lines = [header, `| --- | ${SCENARIOS.map(() => '---:').join(' | ')} |`];
    for (const rule of content.rules) lines.push(`| ${rule.id} | ${SCENARIOS.map((s) => pct(rate(s, fires(rule.id)))).join(' | ')} |`);
    lines.push(`| *tension on top* | ${SCENARIOS.map((s) => pct(rate(s, (o) => o.selected[0]?.tone === 'tension'))).join(' | ')} |`);
    lines.push(`| *rounds below k* | ${SCENARIOS.map((s) => pct(rate(s, (o) => o.fired.some((x) => x.ruleId === 'below-threshold')))).join(' | ')} |`);
    console.log(`\nFiring rate per round, ${NETWORKS} networks × 12 rounds per scenario:\n${lines.join('\n')}\n`);
    for (const rule of content.rules) {
      if (GROUP_RULES.includes(rule.kind)) {
        // Group medians appear only when every group of the asked dimension holds k or
        // none (core/aggregate): rare per round and per network, but they must be reachable
        // in networks where a group drifts.
        expect(networkRate('diverging', rule.id), rule.id).toBeGreaterThan(0);
      } else {
        expect(Math.max(...SCENARIOS.map((s) => rate(s, fires(rule.id)))), rule.id).toBeGreaterThanOrEqual(0.01);
      }
    }
  });

  it('keeps healthy networks calm: the spread warning in at most 10% of rounds, dips in at most 5%, tension on top in at most 2%', () => {
    expect(rate('healthy', fires('wide-spread'))).toBeLessThanOrEqual(0.1);
    expect(rate('healthy', (o) => o.fired.some((s) => DIP_RULES.includes(s.ruleId)))).toBeLessThanOrEqual(0.05);
    expect(rate('healthy', (o) => o.selected[0]?.tone === 'tension')).toBeLessThanOrEqual(0.02);
    // A split in a calm network is shown, but below what the calm rounds say.
    expect(rate('healthy', (o) => o.selected[0]?.ruleId === 'wide-spread')).toBeLessThanOrEqual(0.02);
  });

  it('warns of pseudo-consensus in at least 80% of rounds of a polarised network', () => {
    expect(rate('polarised', fires('wide-spread'))).toBeGreaterThanOrEqual(0.8);
  });

  it('notices the network dip within three rounds of its start', () => {
    const dipping = networks.get('dipping') ?? [];
    const caught = dipping.filter((network, i) => {
      const start = network.dipStart ?? 0;
      const rounds = results.get('dipping')?.[i]?.slice(start, start + 3) ?? [];
      return rounds.some((o) => o.fired.some((s) => DIP_RULES.includes(s.ruleId)));
    });
    expect(caught.length / dipping.length).toBeGreaterThanOrEqual(0.9);
  });

  it('never shows an item twice or calm next to tense suggestions in a results post', () => {
    for (const scenario of SCENARIOS) {
      (networks.get(scenario) ?? []).forEach((network, i) => {
        (results.get(scenario)?.[i] ?? []).forEach((o, t) => {
          const ids = o.selected.map((s) => s.ruleId);
          expect(ids.some((id) => CALM.includes(id)) && ids.some((id) => TENSE.includes(id)), `${scenario} ${i} round ${t}: ${ids.join(', ')}`).toBe(false);
          const items = o.selected.flatMap((s) => s.items);
          expect(new Set(items).size, `${scenario} ${i} round ${t}`).toBe(items.length);
          const latest = network.points[t];
          if (!latest) return;
          const message = resultsMessage(
            { content, lang: 'nl', timeZone: 'Europe/Amsterdam' },
            { networkName: 'Sim', roundId: latest.roundId, openedAt: null, closedAt: latest.closedAt, result: latest.result, trend: trend(network.points.slice(0, t + 1)), suggestions: o.selected, prompt: undefined },
          );
          const titles = o.selected.slice(0, TOP_SUGGESTIONS).flatMap((s) => s.items.map((id) => content.items.get(id)?.text.nl.title ?? id));
          const text = message.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
          for (const title of new Set(titles)) expect(text.split(`*${title}*`).length - 1, `${title} in ${scenario} ${i} round ${t}`).toBeLessThanOrEqual(1);
        });
      });
    }
  });
});

/** One agreement through the rounds that ask about it: where its rating was shown, and where a rule named it. */
interface AgreementTrack {
  kind: AgreementKind;
  /** Per round from the first that asks: shown, and which agreement rules named it. */
  rounds: { shown: boolean; unhelpful: boolean; helped: boolean }[];
}

function agreementTracks(): AgreementTrack[] {
  const tracks: AgreementTrack[] = [];
  for (const scenario of SCENARIOS) {
    (networks.get(scenario) ?? []).forEach((network, i) => {
      const outcomes = results.get(scenario)?.[i] ?? [];
      for (const agreement of network.agreements) {
        const rounds = network.points.slice(agreement.from).map((point, j) => {
          const figure = point.result.shown ? point.result.agreements?.find((f) => f.id === agreement.id) : undefined;
          const fired = outcomes[agreement.from + j]?.fired ?? [];
          const names = (ruleId: string) => fired.some((s) => s.ruleId === ruleId && s.reason.params.agreement === agreement.id);
          return { shown: figure?.shown === true, unhelpful: names('agreement-unhelpful'), helped: names('agreement-helped') };
        });
        tracks.push({ kind: agreement.kind, rounds });
      }
    });
  }
  return tracks;
}

describe('agreement rules calibrated by simulation', () => {
  const tracks = agreementTracks();
  const ofKind = (kind: AgreementKind) => tracks.filter((t) => t.kind === kind);
  /** Share of the rounds in which an agreement's rating was shown that a rule named it. */
  const perShownRound = (kind: AgreementKind, test: (r: AgreementTrack['rounds'][number]) => boolean): number => {
    const shown = ofKind(kind).flatMap((t) => t.rounds.filter((r) => r.shown));
    return shown.filter(test).length / shown.length;
  };

  it('prints how often each agreement rule names an agreement of each kind', () => {
    const lines = ['| rule | ' + AGREEMENT_KINDS.join(' | ') + ' |', `| --- | ${AGREEMENT_KINDS.map(() => '---:').join(' | ')} |`];
    for (const rule of ['unhelpful', 'helped'] as const) lines.push(`| agreement-${rule} | ${AGREEMENT_KINDS.map((k) => pct(perShownRound(k, (r) => r[rule]))).join(' | ')} |`);
    console.log(`\nShare of rounds with the agreement's rating shown in which the rule names it:\n${lines.join('\n')}\n`);
    // Every kind is simulated, and most agreements get their ratings shown.
    for (const kind of AGREEMENT_KINDS) expect(ofKind(kind).filter((t) => t.rounds.some((r) => r.shown)).length).toBeGreaterThan(NETWORKS);
  });

  it('names a failing agreement unhelpful within the first two rounds its rating is shown', () => {
    const eligible = ofKind('fails').filter((t) => t.rounds.filter((r) => r.shown).length >= 2);
    const caught = eligible.filter((t) => t.rounds.filter((r) => r.shown).slice(0, 2).some((r) => r.unhelpful));
    expect(caught.length / eligible.length).toBeGreaterThanOrEqual(0.95);
  });

  it('keeps working agreements out of it, and mixed ones mostly', () => {
    expect(perShownRound('works', (r) => r.unhelpful)).toBeLessThanOrEqual(0.01);
    expect(perShownRound('mixed', (r) => r.unhelpful)).toBeLessThanOrEqual(0.05);
  });

  it('names a working agreement as having helped once it was shown three rounds in a row, a mixed one rarely, a failing one never', () => {
    const threeInARow = (t: AgreementTrack): boolean => t.rounds.some((_, i) => i >= 2 && t.rounds.slice(i - 2, i + 1).every((r) => r.shown));
    const working = ofKind('works').filter(threeInARow);
    expect(working.filter((t) => t.rounds.some((r) => r.helped)).length / working.length).toBeGreaterThanOrEqual(0.9);
    // Never before three shown rounds in a row.
    for (const t of tracks) t.rounds.forEach((r, i) => r.helped && expect(t.rounds.slice(Math.max(0, i - 2), i + 1).every((x) => x.shown) && i >= 2).toBe(true));
    expect(perShownRound('mixed', (r) => r.helped)).toBeLessThanOrEqual(0.05);
    expect(perShownRound('fails', (r) => r.helped)).toBe(0);
  });
});
