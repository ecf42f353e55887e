import type { APIRoute } from 'astro';
import { registersIndexJson } from '../../core/report/register-json.ts';
import { siteData } from '../../site/site-data.ts';

export const GET: APIRoute = async () => Response.json(registersIndexJson((await siteData()).registers));
