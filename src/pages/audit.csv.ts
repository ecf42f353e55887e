import type { APIRoute } from 'astro';
import { auditCsv, auditRows } from '../core/history/audit.ts';
import { siteData } from '../site/site-data.ts';

/** Every change to the published registers, in the `npm run audit -- --csv` format. */
export const GET: APIRoute = async () => {
  const { history, registers } = await siteData();
  const rows = auditRows(history, { registers: new Set(registers.map((r) => r.register.id)) });
  return new Response(auditCsv(rows), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
};
