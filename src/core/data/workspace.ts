import type { Measures } from '../measures/load.ts';
import type { Person } from '../schemas/person.ts';
import type { Register } from '../schemas/register.ts';
import type { Risk } from '../schemas/risk.ts';
import type { RoleGrant } from '../schemas/roles.ts';
import type { Settings } from '../schemas/settings.ts';

export interface RiskEntry {
  risk: Risk;
  /** Path relative to the data directory. */
  file: string;
  registerId: string;
  /** Git blob id of the file as read: the version an update starts from. */
  version: string;
}

export interface RegisterEntry {
  register: Register;
  file: string;
  risks: RiskEntry[];
}

/** Everything in a data directory, parsed. */
export interface Workspace {
  settings: Settings;
  people: Person[];
  /** Granted roles from roles.json (empty when there is none). */
  roles: RoleGrant[];
  registers: RegisterEntry[];
  /** Measure definitions and their unrounded figures (measures/). */
  measures: Measures;
}

export function findRisk(ws: Workspace, riskId: string): RiskEntry | undefined {
  for (const entry of ws.registers) {
    const found = entry.risks.find((r) => r.risk.id === riskId);
    if (found) return found;
  }
  return undefined;
}

/**
 * Whether a build publishes the register: restricted registers only when it is told to
 * include them. The site, its audit view and `npm run audit` all ask this, so they agree.
 */
export function isPublished(register: Register, includeRestricted: boolean): boolean {
  return includeRestricted || register.classification === 'unrestricted';
}

export function findRegister(ws: Workspace, registerId: string): RegisterEntry | undefined {
  return ws.registers.find((r) => r.register.id === registerId);
}

export function peopleById(ws: Workspace): Map<string, Person> {
  return new Map(ws.people.map((p) => [p.id, p]));
}
