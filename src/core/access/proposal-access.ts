import { findRegister, findRisk, type Workspace } from '../data/workspace.ts';
import { authorize, type Actor } from './authorize.ts';

/**
 * May this person see a proposal? Its labels name the registers and risks it changes (see
 * src/core/proposals). A proposal touching a restricted register is as restricted as the
 * register, except to someone who may read every risk of that register it names (their owners
 * and delegates).
 */
export function mayViewProposal(actor: Actor, workspace: Workspace, labels: readonly string[]): boolean {
  const risks = labels.flatMap((label) => findRisk(workspace, label) ?? []);
  const registers = new Set([...labels.filter((label) => findRegister(workspace, label) !== undefined), ...risks.map((entry) => entry.registerId)]);
  return [...registers].every((id) => {
    const register = findRegister(workspace, id)!.register;
    if (authorize(actor, 'view-register', { register }).allowed) return true;
    const named = risks.filter((entry) => entry.registerId === id);
    return named.length > 0 && named.every((entry) => authorize(actor, 'view-register', { register, risk: entry.risk }).allowed);
  });
}
