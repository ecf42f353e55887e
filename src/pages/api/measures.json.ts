import type { APIRoute } from 'astro';
import { measuresData } from '../../site/measures-data.ts';

/** Every measure with its latest period, value and RAG, disclosure control applied. */
export const GET: APIRoute = () => Response.json(measuresData().list);
