import type { APIRoute, GetStaticPaths } from 'astro';
import { withByteOrderMark } from '../../../core/csv/encoding.ts';
import { registerToCsv } from '../../../core/csv/export.ts';
import { siteData } from '../../../site/site-data.ts';

export const getStaticPaths = (async () =>
  (await siteData()).registers.map((report) => ({ params: { register: report.register.id } }))) satisfies GetStaticPaths;

/** The register in the import format, with the byte-order mark Excel needs to read accents correctly. */
export const GET: APIRoute = async ({ params }) =>
  new Response(withByteOrderMark(registerToCsv((await siteData()).workspace, params['register'] ?? '')), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
