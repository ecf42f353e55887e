/**
 * Submitted text placed in a proposal's Markdown body. Every line break a browser may send
 * (a lone `\r` too, which git and GitHub later read as a new line) is handled here, so a
 * submitter's words can never start a line of their own: such a line could pass for a
 * trailer saying who submitted the proposal.
 */
import type { Problem } from '../problems.ts';

const LINE_BREAK = /\r\n?|[\n\u0085\u2028\u2029]/g;

/** One Markdown table cell: line breaks become spaces, pipes are escaped. */
export function tableCell(text: string): string {
  return text.replace(LINE_BREAK, ' ').replace(/\|/g, '\\|');
}

/** A Markdown block quote: every line of the text begins `> `. */
export function blockQuote(text: string): string {
  return `> ${text.replace(LINE_BREAK, '\n> ')}`;
}

/**
 * What `npm run validate` would warn about in the proposal's own file, as a list for its
 * reviewer (a target above the current rating, a closed risk without a reason); nothing when
 * there is none. Each is one line, so no submitted text quoted in a message can start a line.
 */
export function reviewerChecks(warnings: readonly Problem[], file: string): string[] {
  const own = warnings.filter((w) => w.file === file);
  if (own.length === 0) return [];
  const item = (w: Problem): string => `- ${(w.path === undefined ? w.message : `${w.path}: ${w.message}`).replace(LINE_BREAK, ' ')}`;
  return ['', '**For the reviewer:** `npm run validate` would warn about this change:', '', ...own.map(item)];
}
