import type { APIRoute } from 'astro';
import { withByteOrderMark } from '../core/csv/encoding.ts';
import { auditCsv, auditRows } from '../core/history/audit.ts';
import { siteData } from '../site/site-data.ts';

/** Every change to the published registers, exactly as `npm run audit -- --csv` prints it (with the byte-order mark Excel needs). */
export const GET: APIRoute = async () => {
  const { history, registers } = await siteData();
  const rows = auditRows(history, { registers: new Set(registers.map((r) => r.register.id)) });
  return new Response(withByteOrderMark(auditCsv(rows)), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
};
