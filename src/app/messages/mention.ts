/**
 * How to name a person in a message, per platform, in one place. Slack resolves
 * `<@U123>` itself; Teams needs a display name, which is only known when the person
 * acted through Teams, so it falls back to nothing (the message then says so).
 */
import type { Coordinator } from '../../core/store-port.ts';
import { inert } from '../../core/inert-text.ts';

export function mention(person: Coordinator): string | undefined {
  switch (person.platform) {
    case 'slack':
      return `<@${person.user}>`;
    case 'teams':
      return person.name ? inert(person.name) : undefined;
  }
}

/** The coordinators of a network as one readable list ("" when none can be named). */
export function mentionList(people: Coordinator[]): string {
  return people
    .map(mention)
    .filter((m): m is string => m !== undefined && m !== '')
    .join(', ');
}
