import type { APIRoute } from 'astro';
import { reviewSchedule } from '../../core/report/review-schedule.ts';
import { siteData } from '../../site/site-data.ts';

/** Open risks with review due dates and overdue actions, for the "My risks" page. */
export const GET: APIRoute = async () => {
  const { registers, today } = await siteData();
  return Response.json(reviewSchedule(registers, today));
};
