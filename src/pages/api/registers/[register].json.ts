import type { APIRoute, GetStaticPaths } from 'astro';
import { registerJson } from '../../../core/report/register-json.ts';
import type { RegisterReport } from '../../../core/report/register-report.ts';
import { siteData } from '../../../site/site-data.ts';

export const getStaticPaths = (async () =>
  (await siteData()).registers.map((report) => ({ params: { register: report.register.id }, props: { report } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ report: RegisterReport }> = ({ props }) => Response.json(registerJson(props.report));
