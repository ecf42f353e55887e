import type { Proposal } from '../git/backend.ts';
import { findRegister, findRisk, type Workspace } from '../data/workspace.ts';
import { labelNames, LABEL_MAX_LENGTH } from '../git/labels.ts';
import { authorize, type Actor } from './authorize.ts';

/** What names a proposal's subject: its labels and its branch. */
export type ProposalSubject = Pick<Proposal, 'labels' | 'branch'>;

/**
 * May this person see a proposal? Its labels name the registers and risks it changes (see
 * src/core/proposals), and so does its branch, `oversight/<subject>/…` (see proposalBranch),
 * which stays when labelling fails after the proposal is opened. A proposal touching a
 * restricted register is as restricted as the register, except to someone who may read every
 * risk of that register it names (their owners and delegates). One that names no register
 * the data has, nor measures, could be about anything: only those who may read every
 * register's history (auditors and administrators) see it.
 */
export function mayViewProposal(actor: Actor, workspace: Workspace, proposal: ProposalSubject): boolean {
  const names = subjectNames(workspace, proposal);
  const risks = names.flatMap((name) => findRisk(workspace, name) ?? []);
  const registers = new Set([...names.filter((name) => findRegister(workspace, name) !== undefined), ...risks.map((entry) => entry.registerId)]);
  if (registers.size === 0) return names.includes(MEASURES) || authorize(actor, 'view-audit').allowed;
  return [...registers].every((id) => {
    const register = findRegister(workspace, id)!.register;
    if (authorize(actor, 'view-register', { register }).allowed) return true;
    const named = risks.filter((entry) => entry.registerId === id);
    return named.length > 0 && named.every((entry) => authorize(actor, 'view-register', { register, risk: entry.risk }).allowed);
  });
}

/** The label of a measures import (propose-measures.ts), whose figures every signed-in person may read. */
const MEASURES = 'measures';

/** The labels, and the branch's subject: a risk id, `<register>-import`, `<register>-new-risk` or `measures-import`. */
function subjectNames(workspace: Workspace, proposal: ProposalSubject): string[] {
  const subject = proposal.branch.split('/')[1] ?? '';
  return [...proposal.labels.map((label) => idOfLabel(workspace, label)), subject, subject.replace(/-(import|new-risk)$/, '')];
}

/** The register or risk id a label was shortened from (see proposalLabel), else the label as it is. */
function idOfLabel(workspace: Workspace, label: string): string {
  if ([...label].length < LABEL_MAX_LENGTH) return label;
  const ids = workspace.registers.flatMap((entry) => [entry.register.id, ...entry.risks.map((r) => r.risk.id)]);
  return ids.find((id) => labelNames(label, id)) ?? label;
}
