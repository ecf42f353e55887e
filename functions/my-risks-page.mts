import type { Config } from '@netlify/functions';
import { risksOf } from '../src/core/access/authorize.ts';
import { isoDay } from '../src/core/dates.ts';
import { isPublished } from '../src/core/data/workspace.ts';
import { reportRegister } from '../src/core/report/register-report.ts';
import { reviewSchedule } from '../src/core/report/review-schedule.ts';
import { protect } from '../src/http/guard.ts';
import { myRisksPage } from '../src/http/my-risks-page.ts';
import { today } from '../src/node/config.ts';

/**
 * GET /my-risks/all: the signed-in person's open risks as a plain page, for the My risks
 * page without JavaScript. Published registers only, as the site shows them; overdue as of today.
 */
export default protect({ changesState: false, readsGitHost: false, page: true }, (_req, { actor, workspace }) => {
  const now = today(process.env);
  const mine = new Set(risksOf(actor, workspace));
  const registers = workspace.registers.filter((entry) => isPublished(entry.register, false)).map((entry) => reportRegister(entry, workspace, now));
  return myRisksPage(actor.person.name, reviewSchedule(registers, isoDay(now)).filter((r) => mine.has(r.id)));
});

export const config: Config = { path: '/my-risks/all', method: 'GET' };
