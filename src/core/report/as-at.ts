/**
 * A register as it stood at a reporting baseline, for the "as at" view: its risks as the
 * files then said (from git), rated with today's scoring scheme, and counted as overdue or
 * not on the baseline's own day.
 */
import type { ResolvedBaseline } from '../history/baselines.ts';
import type { History } from '../history/history.ts';
import { risksAt } from '../history/register-travel.ts';
import type { Workspace } from '../data/workspace.ts';
import { riskFile } from '../data/paths.ts';
import type { Person } from '../schemas/person.ts';
import type { Register } from '../schemas/register.ts';
import { reportRegister, type RegisterReport } from './register-report.ts';

export function reportRegisterAsAt(history: History, register: Register, baseline: ResolvedBaseline, ws: Workspace, people: Map<string, Person>): RegisterReport {
  const risks = risksAt(history, register.id, baseline).map((risk) => ({
    risk,
    file: riskFile(register.id, risk.id),
    registerId: register.id,
    // Not an editable version: a past view offers no updates.
    version: '',
  }));
  // Noon on the baseline's day: overdue reviews and actions as a committee saw them then.
  const then = new Date(`${baseline.day}T12:00:00`);
  return reportRegister({ register, file: '', risks }, ws, then, people, { baseline, risks: new Map() });
}
