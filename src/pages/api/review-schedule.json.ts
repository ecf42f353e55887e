import type { APIRoute } from 'astro';
import { isActionOverdue } from '../../core/data/validate.ts';
import { siteData } from '../../site/site-data.ts';

/** Open risks with review due dates and overdue actions, for the "My risks" page. */
export const GET: APIRoute = async () => {
  const { registers, today } = await siteData();
  return Response.json(
    registers.flatMap((report) =>
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
    ),
  );
};
