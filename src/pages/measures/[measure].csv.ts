import type { APIRoute, GetStaticPaths } from 'astro';
import { withByteOrderMark } from '../../core/csv/encoding.ts';
import { publishedMeasureCsv, type PublishedMeasure } from '../../core/measures/publish.ts';
import { measuresData } from '../../site/measures-data.ts';

export const getStaticPaths = (() => measuresData().published.map((measure) => ({ params: { measure: measure.id }, props: { measure } }))) satisfies GetStaticPaths;

/** The published figures as a spreadsheet; suppressed ones are `*`. The byte-order mark lets Excel read it as UTF-8. */
export const GET: APIRoute<{ measure: PublishedMeasure }> = ({ props }) =>
  new Response(withByteOrderMark(publishedMeasureCsv(props.measure)), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
