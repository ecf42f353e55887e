import { isActionOverdue } from '../data/validate.ts';
import type { RegisterReport } from './register-report.ts';

/** An open risk with when its review is due and its overdue actions: a row of "My risks". */
export interface ScheduledRisk {
  id: string;
  title: string;
  register: { id: string; name: string };
  current: { rating: number; band: string };
  reviewDue: string | null;
  reviewOverdue: boolean;
  overdueActions: { id: string; description: string; due: string }[];
}

/** Every open risk of the given registers, in their order, as of `today` (YYYY-MM-DD). */
export function reviewSchedule(registers: readonly RegisterReport[], today: string): ScheduledRisk[] {
  return registers.flatMap((report) =>
    report.risks
      .filter((r) => r.risk.status === 'open')
      .map((r) => ({
        id: r.risk.id,
        title: r.risk.title,
        register: { id: report.register.id, name: report.register.name },
        current: { rating: r.current.rating, band: r.current.band.name },
        reviewDue: r.reviewDue,
        reviewOverdue: r.reviewOverdue,
        overdueActions: (r.risk.actions ?? []).filter((a) => isActionOverdue(a, today)).map((a) => ({ id: a.id, description: a.description, due: a.due ?? '' })),
      })),
  );
}
