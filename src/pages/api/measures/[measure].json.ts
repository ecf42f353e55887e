import type { APIRoute, GetStaticPaths } from 'astro';
import type { PublishedMeasure } from '../../../core/measures/publish.ts';
import { measuresData } from '../../../site/measures-data.ts';

export const getStaticPaths = (() => measuresData().published.map((measure) => ({ params: { measure: measure.id }, props: { measure } }))) satisfies GetStaticPaths;

/** One measure and every published figure: suppressed ones as `value: null, suppressed: true`. */
export const GET: APIRoute<{ measure: PublishedMeasure }> = ({ props }) => Response.json(props.measure);
