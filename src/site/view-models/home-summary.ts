/** The home page's sentences, counted in words a committee paper would print: "1 register", "no open risks". */
import { plural, sentenceCase } from '../../core/words.ts';

/** "2 registers with 15 open risks, as at 23 November 2026." */
export function registersSentence(registers: number, openRisks: number, asAt: string): string {
  if (registers === 0) return 'No registers are published yet.';
  return `${sentenceCase(counted(registers, 'register'))} with ${counted(openRisks, 'open risk')}, as at ${asAt}.`;
}

/** "2 reviews and 1 action are overdue.", or "No reviews or actions are overdue." */
export function overdueSentence(reviews: number, actions: number): string {
  if (reviews === 0 && actions === 0) return 'No reviews or actions are overdue.';
  return `${sentenceCase(counted(reviews, 'review'))} and ${counted(actions, 'action')} are overdue.`;
}

/** "3 open risks have changed band since Cabinet, January 2026." */
export function bandChangeSentence(changed: number, since: string): string {
  return `${sentenceCase(counted(changed, 'open risk'))} ${changed === 1 ? 'has' : 'have'} changed band since ${since}.`;
}

function counted(n: number, word: string): string {
  return n === 0 ? `no ${word}s` : plural(n, word);
}
