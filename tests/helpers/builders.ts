/** Builders for store records with overridable defaults. */
import type { Answer } from '../../src/core/answer.ts';
import { DEFAULT_SETTINGS, type Network, type NetworkSettings } from '../../src/core/network.ts';
import type { Round } from '../../src/core/round.ts';

let counter = 0;
const unique = (prefix: string): string => `${prefix}-${(counter += 1)}`;

export function aNetwork(overrides: Partial<Omit<Network, 'settings'>> & { settings?: Partial<NetworkSettings> } = {}): Network {
  return {
    id: overrides.id ?? unique('net'),
    settings: { ...DEFAULT_SETTINGS, name: 'Kindcentrum Oost', ...overrides.settings },
    createdAt: overrides.createdAt ?? new Date('2026-01-01T00:00:00Z'),
  };
}

export function aRound(networkId: string, overrides: Partial<Round> = {}): Round {
  const opensAt = overrides.opensAt ?? new Date('2026-03-03T08:00:00Z');
  return {
    id: unique('round'),
    networkId,
    status: 'scheduled',
    instrument: 'thermometer',
    k: 5,
    opensAt,
    closesAt: new Date(opensAt.getTime() + 7 * 86_400_000),
    remindAt: null,
    openedAt: null,
    closedAt: null,
    ...overrides,
  };
}

export function anAnswer(overrides: Partial<Answer> = {}): Answer {
  return { level: 2, ratings: {}, ...overrides };
}
