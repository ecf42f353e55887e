import type { APIRoute, GetStaticPaths } from 'astro';
import { registerToCsv } from '../../../core/csv/export.ts';
import { siteData } from '../../../site/site-data.ts';

export const getStaticPaths = (async () =>
  (await siteData()).registers.map((report) => ({ params: { register: report.register.id } }))) satisfies GetStaticPaths;

/** The register in the import format. The byte-order mark lets Excel read accents correctly; the importer strips it. */
export const GET: APIRoute = async ({ params }) =>
  new Response(`\uFEFF${registerToCsv((await siteData()).workspace, params['register'] ?? '')}`, {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
