/**
 * Filling text templates: `{name}` placeholders, and words chosen by number the ICU
 * way with the language's own plural rules (Intl.PluralRules):
 * `{count, plural, =0 {geen reacties} one {# reactie} other {# reacties}}` — `#` is the
 * number, an exact `=n` branch wins over the category, `other` is required. A plural
 * whose number is not given yet stays as it is, to be filled later (a note whose count
 * is known only when a post is split). Pure: text in, text out.
 */

export type TemplateParams = Record<string, string | number>;

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralCategory(locale: string, n: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(n);
}

/** The index just past the brace that closes the one at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  // Stryker disable next-line EqualityOperator: text[text.length] is undefined, which changes nothing.
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The branches of a plural body: `=0 {…} one {…} other {…}`. */
function pluralBranches(body: string): Map<string, string> | undefined {
  const branches = new Map<string, string>();
  let at = 0;
  // Stryker disable next-line EqualityOperator: at = body.length finds no head in '' and gives back the same branches.
  while (at < body.length) {
    const head = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(body.slice(at));
    if (!head) return body.slice(at).trim() === '' ? branches : undefined;
    const open = at + head[0].length - 1;
    const end = closingBrace(body, open);
    if (end < 0) return undefined;
    // Stryker disable next-line StringLiteral: the regex always captures a branch name.
    branches.set(head[1] ?? '', body.slice(open + 1, end - 1));
    at = end;
  }
  return branches;
}

/** `#` as the number, outside nested braces: a nested plural's `#` is its own number. */
function hashToNumber(branch: string, value: string): string {
  let depth = 0;
  let out = '';
  for (const char of branch) {
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    out += char === '#' && depth === 0 ? value : char;
  }
  return out;
}

/** `{name}` placeholders in plain template text (no plurals in it). */
function placeholders(text: string, params: TemplateParams): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Fills a template: plural choices (whose branches may hold placeholders and plurals of
 * their own) and placeholders. Values are inserted once, never read as template text.
 */
export function fillTemplate(template: string, params: TemplateParams, locale = 'nl-NL'): string {
  let out = '';
  let literal = 0;
  let at = 0;
  // Stryker disable next-line EqualityOperator: at = template.length finds no brace and stops the same way.
  while (at < template.length) {
    // Stryker disable next-line StringLiteral: searching for '' only steps one character at a time to the same braces.
    const open = template.indexOf('{', at);
    if (open < 0) break;
    const plural = /^\{(\w+),\s*plural,/.exec(template.slice(open));
    const end = plural ? closingBrace(template, open) : -1;
    if (!plural || end < 0) {
      at = open + 1;
      continue;
    }
    out += placeholders(template.slice(literal, open), params);
    // Stryker disable next-line StringLiteral: the regex always captures the name.
    const name = plural[1] ?? '';
    const value = Number(params[name]);
    const branches = pluralBranches(template.slice(open + plural[0].length, end - 1));
    if (!(name in params) || !Number.isFinite(value) || !branches?.has('other')) {
      out += template.slice(open, end);
    } else {
      const branch = branches.get(`=${value}`) ?? branches.get(pluralCategory(locale, value)) ?? branches.get('other') ?? '';
      out += fillTemplate(hashToNumber(branch, String(value)), params, locale);
    }
    literal = at = end;
  }
  return out + placeholders(template.slice(literal), params);
}
