/**
 * What a comment may carry (promise 5): words, not pointers. A comment loses every way
 * it could point at a person or somewhere else — mentions and `@` names, e-mail
 * addresses, links (plain, markdown and Slack's `<…>` form) and bare domains — and
 * every invisible character that could hide or reorder text (zero-width characters,
 * bidi controls, other format and control characters). Applied when an answer is
 * recorded and again when comments are shown, so stored text from before this rule is
 * shown by it too. Rendering then keeps what is left inert (inert-text.ts).
 */

/** Markdown links and images: `[label](target)` keeps its label, loses its target. */
const MARKDOWN_LINK = /!?\[([^\]\n]*)\]\([^)\n]*\)/g;
/** Slack's control sequences and anything tag-like: `<!channel>`, `<@U1>`, `<https://x|y>`, `<b>`. */
const ANGLE_TOKEN = /<[^<>\n]*>/g;
/** Links with a scheme, and `www.` links without one. */
const URL = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.|mailto:)[^\s<>"]*/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/**
 * `evil.example`, `bit.ly/x`, `gemeente.nl`: labels joined by dots, ending in a
 * two-letter-or-longer top level, with whatever letters, digits and hyphens follow it
 * (`nl.example1`). A hyphen before it does not protect it (`-evil.nl`): a platform would
 * still link it.
 */
const BARE_DOMAIN = /(?<![\p{L}\p{N}@])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}[\p{L}\p{N}-]*(?:[/:][^\s]*)?/gu;
/** `@name` anywhere, also after punctuation (`(@jan`, `,@jan`), and its full-width form. */
const AT_NAME = /[@＠][\p{L}\p{N}._-]+/gu;
/** Format characters (zero-width, bidi, soft hyphen, tags…), controls, private use, lone surrogates, unassigned. */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Co}\p{Cs}\p{Cn}]/gu;

export const REMOVED = '…';

/** A comment as it may be stored and shown. Empty when nothing readable is left. */
export function sanitizeComment(comment: string): string {
  // Removing one thing can join what was around it into another (`@<x>1` → `@1`, a link
  // inside a link), so the rules run until nothing changes. Every pass but the last
  // shortens the text, or turns `@name`s into `@…` (which no rule matches again), so
  // the cap is never reached; it only guards against a rule that would break that.
  let text = comment;
  const maxPasses = 2 * comment.length + 2;
  // Stryker disable next-line EqualityOperator,AssignmentOperator: the cap is never reached (see above).
  for (let pass = 0; pass < maxPasses; pass += 1) {
    const next = once(text);
    // Stryker disable next-line ConditionalExpression: stopping early only skips passes that change nothing.
    if (next === text) break;
    text = next;
  }
  return text;
}

function once(comment: string): string {
  return comment
    .replace(/\s/g, ' ')
    .replace(INVISIBLE, '')
    .replace(MARKDOWN_LINK, (_m, label: string) => label)
    .replace(ANGLE_TOKEN, '')
    .replace(/[<>]/g, '')
    .replace(URL, REMOVED)
    .replace(EMAIL, REMOVED)
    .replace(BARE_DOMAIN, REMOVED)
    .replace(AT_NAME, '@…')
    .replace(/\s+/g, ' ')
    .trim();
}
