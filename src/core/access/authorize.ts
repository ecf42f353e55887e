import type { Workspace } from '../data/workspace.ts';
import type { Person } from '../schemas/person.ts';
import type { Register } from '../schemas/register.ts';
import type { Risk } from '../schemas/risk.ts';
import type { RoleGrant } from '../schemas/roles.ts';

/** What someone may ask to do. */
export type Action =
  | 'view-register' // read a register and its risks (matters for restricted ones)
  | 'update-risk' // propose an update to a risk
  | 'create-risk' // propose a new risk in a register
  | 'import-register' // propose a CSV import into a register
  | 'review-proposal' // approve or merge a proposal for a register
  | 'view-audit' // history and audit exports across registers
  | 'import-measures'; // propose a values CSV of performance and safeguarding measures

export type Role = 'viewer' | 'risk-owner' | 'risk-manager' | 'auditor' | 'performance' | 'administrator';

/** A signed-in person with the roles that data grants them. */
export interface Actor {
  person: Person;
  grants: RoleGrant[];
}

export interface Target {
  register: Register;
  risk?: Risk;
}

export interface Decision {
  allowed: boolean;
  /** Why, in words fit for a 403 answer or an audit log. */
  reason: string;
}

const allow = (reason: string): Decision => ({ allowed: true, reason });
const deny = (reason: string): Decision => ({ allowed: false, reason });

export function isAdministrator(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'administrator');
}

export function isAuditor(actor: Actor): boolean {
  return actor.grants.some((g) => g.role === 'auditor');
}

export function managesRegister(actor: Actor, registerId: string): boolean {
  return actor.grants.some((g) => g.role === 'risk-manager' && (g.registers ?? []).includes(registerId));
}

export function ownsOrDelegates(actor: Actor, risk: Risk): boolean {
  return risk.owners.includes(actor.person.id) || (risk.delegates ?? []).includes(actor.person.id);
}

/**
 * The one rule every function asks on the server: may this person do this to this
 * register or risk? Pages only hide what the answer says no to.
 */
export function authorize(actor: Actor, action: Action, target?: Target): Decision {
  if (isAdministrator(actor)) return allow('administrators may do anything');
  const registerId = target?.register.id;
  const manager = registerId !== undefined && managesRegister(actor, registerId);
  switch (action) {
    case 'import-measures':
      return actor.grants.some((g) => g.role === 'performance')
        ? allow('people with the performance role may upload measure figures')
        : deny('only people with the performance role and administrators may upload measure figures');
    case 'view-audit':
      return isAuditor(actor) ? allow('auditors may read history and audit exports') : deny('only auditors and administrators may read the audit trail');
    case 'view-register': {
      if (target === undefined) return deny('no register given');
      if (target.register.classification === 'unrestricted') return allow('the register is unrestricted');
      if (manager || isAuditor(actor)) return allow('risk managers of the register and auditors may read restricted registers');
      if (target.register.owner === actor.person.id) return allow('the register owner may read it');
      if (target.risk !== undefined && ownsOrDelegates(actor, target.risk)) return allow('owners and delegates may read their own risks');
      return deny('this register is restricted');
    }
    case 'update-risk':
      if (target?.risk === undefined) return deny('no risk given');
      if (ownsOrDelegates(actor, target.risk)) return allow('owners and delegates may update their risks');
      if (manager) return allow('risk managers may update every risk in the registers they manage');
      return deny(`only the risk's owners, delegates and risk managers of the ${target.register.id} register may update ${target.risk.id}`);
    case 'create-risk':
    case 'import-register':
      if (manager) return allow('risk managers may propose new risks and imports for their registers');
      return deny(`only risk managers of the ${registerId ?? 'given'} register may propose ${action === 'create-risk' ? 'new risks' : 'imports'}`);
    case 'review-proposal':
      if (manager) return allow('risk managers review proposals for their registers');
      return deny(`only risk managers of the ${registerId ?? 'given'} register may review its proposals`);
  }
}

/** The roles to show for a person: granted ones, plus risk owner where they own or are delegated a risk. */
export function rolesOf(actor: Actor, ws: Workspace): Role[] {
  const roles = new Set<Role>(actor.grants.map((g) => g.role));
  if (risksOf(actor, ws).length > 0) roles.add('risk-owner');
  if (roles.size === 0) roles.add('viewer');
  return [...roles].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
}

const ROLE_ORDER: Role[] = ['viewer', 'risk-owner', 'risk-manager', 'auditor', 'performance', 'administrator'];

/** Ids of the risks a person owns or is delegated. */
export function risksOf(actor: Actor, ws: Workspace): string[] {
  return ws.registers.flatMap((r) => r.risks.filter((e) => ownsOrDelegates(actor, e.risk)).map((e) => e.risk.id));
}

/** The person a signed-in identity is: by subject id where recorded, else by email. */
export function personForIdentity(ws: Workspace, identity: { subject: string; email?: string | undefined }): Person | undefined {
  const bySubject = ws.people.find((p) => p.subject !== undefined && p.subject === identity.subject);
  if (bySubject) return bySubject;
  const email = identity.email?.toLowerCase();
  // Someone whose subject id is recorded is that identity only: another account with their email is not them.
  return email === undefined ? undefined : ws.people.find((p) => p.subject === undefined && p.email?.toLowerCase() === email);
}

export function actorFor(ws: Workspace, person: Person): Actor {
  return { person, grants: (ws.roles ?? []).filter((g) => g.person === person.id) };
}
