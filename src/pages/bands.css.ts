import type { APIRoute } from 'astro';
import { siteData } from '../site/site-data.ts';
import { bandStyles } from '../site/view-models/bands.ts';

/** The scheme's band colours as a stylesheet, so pages need no inline style (strict CSP). */
export const GET: APIRoute = async () =>
  new Response(bandStyles((await siteData()).workspace.settings.scoring), { headers: { 'content-type': 'text/css; charset=utf-8' } });
