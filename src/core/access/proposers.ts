import type { Workspace } from '../data/workspace.ts';
import { type Actor, isAdministrator, managesRegister, risksOf, rolesOf } from './authorize.ts';

/**
 * What /api/me tells a page about who a person is allowed to propose for: enough for the page
 * to say "you cannot" before they fill in a form the server would refuse. The server still
 * decides every proposal with authorize(); a test holds the two to the same answers.
 */
export interface ProposerFacts {
  roles: readonly string[];
  /** Risks the person owns or is a delegate for. */
  risks: readonly string[];
  /** Registers the person is a risk manager of (every register, for an administrator). */
  manages: readonly string[];
}

/** A proposal a page offers a form for. */
export type Proposal =
  | { action: 'update-risk'; register: string; risk: string }
  | { action: 'create-risk' | 'import-register'; register: string }
  | { action: 'import-measures' };

export function proposerFacts(actor: Actor, ws: Workspace): ProposerFacts {
  return { roles: rolesOf(actor, ws), risks: risksOf(actor, ws), manages: managedRegisters(actor, ws) };
}

/** Ids of the registers a person may manage: the ones granted, or every one for an administrator. */
export function managedRegisters(actor: Actor, ws: Workspace): string[] {
  return ws.registers.map((r) => r.register.id).filter((id) => isAdministrator(actor) || managesRegister(actor, id));
}

/** authorize()'s answer for a proposal, from the facts a page has. */
export function mayPropose(facts: ProposerFacts, proposal: Proposal): boolean {
  switch (proposal.action) {
    case 'import-measures':
      return facts.roles.includes('performance') || facts.roles.includes('administrator');
    case 'update-risk':
      return facts.risks.includes(proposal.risk) || facts.manages.includes(proposal.register);
    case 'create-risk':
    case 'import-register':
      return facts.manages.includes(proposal.register);
  }
}
