/**
 * Submitted text placed in a proposal's Markdown body. Every line break a browser may send
 * (a lone `\r` too, which git and GitHub later read as a new line) is handled here, so a
 * submitter's words can never start a line of their own: such a line could pass for a
 * trailer saying who submitted the proposal.
 */
const LINE_BREAK = /\r\n?|[\n\u0085\u2028\u2029]/g;

/** One Markdown table cell: line breaks become spaces, pipes are escaped. */
export function tableCell(text: string): string {
  return text.replace(LINE_BREAK, ' ').replace(/\|/g, '\\|');
}

/** A Markdown block quote: every line of the text begins `> `. */
export function blockQuote(text: string): string {
  return `> ${text.replace(LINE_BREAK, '\n> ')}`;
}
