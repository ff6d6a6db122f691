/**
 * Neutral text in Slack's two text dialects. The bot's own markup (`*bold*`, `_italic_`,
 * newlines, `<url|label>` links, `<@U…>` mentions) already is mrkdwn and passes through;
 * every other `<`, `>` and `&` is escaped as Slack's formatting reference asks, so no
 * `<!channel>` or `<#C…>` can come from anywhere but this file.
 *
 * Typed text (inert segments, see core/inert-text.ts) is escaped further, because
 * Slack has no escape for its formatting characters:
 * - `&`, `<`, `>` become entities;
 * - runs of `*`, `_`, `~`, `` ` `` become the fallback text of a date token with an
 *   unusable format (`<!date^00000000^{_}|*>`), which Slack shows as plain text;
 * - a `>` that would start a quote gets an invisible soft hyphen in front;
 * - `.`, `@` and `:` stand between invisible word joiners, so no address,
 *   domain, link or emoji code is recognised in it, whatever a client auto-detects.
 * What a reader sees is exactly what was typed. Such text objects also carry
 * `verbatim: true`, so Slack itself links nothing in them. Where a text has no markup
 * of its own besides typed text, it goes out as plain_text instead, which Slack never
 * formats at all.
 */
import { textSegments, type TextSegment } from '../../core/inert-text.ts';

export type SlackText = { type: 'mrkdwn'; text: string; verbatim?: true } | { type: 'plain_text'; text: string; emoji: true };

/** A link (http, https or mailto) with an optional label, or a user mention: the only `<…>` the bot writes. */
const TOKEN = /<((?:https?:\/\/|mailto:)[^\s<>|]+)(?:\|([^<>]*))?>|<@([UW][A-Z0-9]{2,})>/g;

/** Where a typed segment goes while the markup around it is translated. */
const PLACEHOLDER = /\uE002(\d+)\uE003/g;
const placeholder = (index: number): string => `\uE002${index}\uE003`;

const SOFT_HYPHEN = '\u00AD';
const WORD_JOINER = '\u2060';
/** A date token whose format Slack cannot use: it shows the fallback, unformatted. */
const literal = (run: string): string => `<!date^00000000^{_}|${run}>`;

function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The bot's own markup as mrkdwn: its tokens kept, every other control character escaped. */
function markupToMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const [whole, url, label, user] = match;
    out += escapeEntities(text.slice(last, match.index));
    if (user !== undefined) out += `<@${user}>`;
    else out += `<${escapeEntities(url ?? '')}${label !== undefined && label !== '' ? `|${escapeEntities(label)}` : ''}>`;
    last = match.index + whole.length;
  }
  return out + escapeEntities(text.slice(last));
}

/** Typed text as mrkdwn that shows exactly that text and nothing live. */
export function escapeTyped(text: string, atLineStart: boolean): string {
  return text
    .split('\n')
    .map((line, i) => {
      const escaped = escapeEntities(line)
        .replace(/[.@:]/g, `${WORD_JOINER}$&${WORD_JOINER}`)
        .replace(/[*_~`]+/g, literal);
      return (i > 0 || atLineStart) && /^\s*&gt;/.test(escaped) ? SOFT_HYPHEN + escaped : escaped;
    })
    .join('\n');
}

/** Markup segments with placeholders for the typed ones, so markup around typed text (`*{name}*`) still pairs up. */
function masked(segments: TextSegment[]): string {
  return segments.map((s, i) => (s.inert ? placeholder(i) : s.text)).join('');
}

/** Neutral text as Slack mrkdwn. */
export function toMrkdwn(text: string): string {
  // Most texts (labels, counts, dates) hold nothing to translate: the hot path of every click.
  if (!/[<>&\uE000\uE001]/.test(text)) return text;
  const segments = textSegments(text);
  const converted = markupToMrkdwn(masked(segments));
  let out = '';
  let last = 0;
  for (const match of converted.matchAll(PLACEHOLDER)) {
    out += converted.slice(last, match.index);
    const segment = segments[Number(match[1])];
    if (segment) out += escapeTyped(segment.text, /(^|\n)[ \t]*$/.test(out));
    last = match.index + match[0].length;
  }
  return out + converted.slice(last);
}

// Emphasis only where Slack would see it: the marker hugs a word on the inside and is
// not part of a word outside, so "0 9 * * 2" or "Port_of_Spain" stay as they are.
const BOLD = /(^|[^\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu;
const ITALIC = /(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu;

/** Neutral text as plain text: links become their label, mentions `@U…`, emphasis goes; typed text as typed. */
export function toPlain(text: string): string {
  if (!/[<*_\uE000\uE001]/.test(text)) return text;
  const segments = textSegments(text);
  const converted = masked(segments)
    .replace(TOKEN, (_whole, url: string | undefined, label: string | undefined, user: string | undefined) =>
      user !== undefined ? `@${user}` : label !== undefined && label !== '' ? label : (url ?? ''),
    )
    .replace(BOLD, '$1$2')
    .replace(ITALIC, '$1$2');
  return converted.replace(PLACEHOLDER, (_m, index: string) => segments[Number(index)]?.text ?? '');
}

/** Characters that make the bot's own text mrkdwn rather than plain. */
const MARKUP = /[*_~`<]/;

/**
 * The text object for a neutral text: mrkdwn as usual; plain_text when it holds typed
 * text and no markup of its own; mrkdwn with `verbatim` when it holds both.
 */
export function slackText(text: string, max: number): SlackText {
  if (!/[\uE000\uE001]/.test(text)) return { type: 'mrkdwn', text: cutMrkdwn(toMrkdwn(text), max) };
  const segments = textSegments(text);
  const typed = segments.some((s) => s.inert);
  if (typed && segments.every((s) => s.inert || !MARKUP.test(s.text))) {
    return { type: 'plain_text', text: cutPlain(toPlain(text), max), emoji: true };
  }
  const mrkdwn = { type: 'mrkdwn' as const, text: cutMrkdwn(toMrkdwn(text), max) };
  return typed ? { ...mrkdwn, verbatim: true } : mrkdwn;
}

/**
 * The longest safe prefix of mrkdwn within `max` characters: it never ends inside an
 * entity (`&amp;`) or a `<…>` token, which Slack would show half-parsed.
 */
export function mrkdwnPrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  let prefix = text.slice(0, max);
  const open = prefix.lastIndexOf('<');
  if (open > prefix.lastIndexOf('>')) prefix = prefix.slice(0, open);
  const amp = prefix.lastIndexOf('&');
  if (amp >= 0 && !/^&(?:amp|lt|gt);/.test(prefix.slice(amp))) prefix = prefix.slice(0, amp);
  return prefix;
}

/** Cuts mrkdwn to `max` characters with an ellipsis, at a safe place. */
export function cutMrkdwn(text: string, max: number): string {
  return text.length <= max ? text : `${mrkdwnPrefix(text, max - 1)}…`;
}

/** Cuts plain text to `max` characters with an ellipsis, never inside a surrogate pair. */
export function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}
