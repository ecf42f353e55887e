import { createHash } from 'node:crypto';

/** GitHub refuses a label name longer than this, and with it every label of the request (422). */
export const LABEL_MAX_LENGTH = 50;
const HASH_LENGTH = 8;

/**
 * A proposal's label for a name (a register or risk id, or a kind of change): the name itself
 * when it is short enough, else its start, `~` and a hash of the whole, the same every time, so
 * that a reader given the id finds it (labelNames). Register ids have no length limit: they are
 * folder names and addresses, which existing data may have made long.
 */
export function proposalLabel(name: string): string {
  const characters = [...name];
  if (characters.length <= LABEL_MAX_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);
  return `${characters.slice(0, LABEL_MAX_LENGTH - HASH_LENGTH - 1).join('')}~${hash}`;
}

/** Whether a proposal's label names this register or risk id, as it is or as proposalLabel shortened it. */
export function labelNames(label: string, id: string): boolean {
  return label === id || label === proposalLabel(id);
}
