/**
 * The neutral markup as plain text, for where no platform formats it: a message's
 * fallback text, a Teams toast, an error under a Slack modal field. `*Tijdzone*` reads
 * "Tijdzone" there, not with literal asterisks.
 */
export function plainText(markup: string): string {
  return markup
    .replace(/<(https?:\/\/[^|>\s]+)\|([^>]+)>/g, '$2')
    .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*\n]*?\S)\*(?![\p{L}\p{N}*])/gu, '$1$2')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gu, '$1$2');
}
