import { html, type TemplateResult } from 'lit';

/**
 * A table rendered in the browser, in the same scrolling region src/components/ScrollingTable.astro
 * gives the server's tables: it scrolls sideways on a narrow screen instead of the page, is a
 * tab stop so a keyboard can scroll it, and is named by the table's caption (`captionId`).
 * Like the server's, it starts as a tab stop; src/elements/table-tab-stops.ts, loaded on every
 * page, finds it when it is added and keeps the stop only while the table is wider than the region.
 */
export function scrollingTable(captionId: string, table: TemplateResult): TemplateResult {
  return html`<div class="app-table-wrap" role="region" tabindex="0" aria-labelledby=${captionId}>${table}</div>`;
}
