import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement } from 'chart.js';

// Only what a line chart needs. No tooltips (the table beside the chart has every figure) and
// no legend (the key is HTML text under the chart).
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale);

/** A risk's ratings after one change, read from the table the server rendered. */
export interface RatingRow {
  day: string;
  label: string;
  current: number | null;
  target: number | null;
}

/** Reads the table's rows (`tr[data-day]` with `data-current` and `data-target`). */
export function readRatings(table: HTMLTableElement): RatingRow[] {
  const number = (text: string | undefined): number | null => (text === undefined || text === '' ? null : Number(text));
  return [...table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-day]')].map((row) => ({
    day: row.dataset['day'] ?? '',
    label: row.querySelector('th')?.textContent?.trim() ?? row.dataset['day'] ?? '',
    current: number(row.dataset['current']),
    target: number(row.dataset['target']),
  }));
}

/**
 * `<history-rating-chart label="…">`: draws a chart of current and target rating over time
 * from the table inside it, in the light DOM. The table stays: it is the accessible version
 * of the chart and what the page shows without JavaScript. The canvas is an image to
 * assistive technology, labelled to point at the table.
 */
export class HistoryRatingChart extends HTMLElement {
  chart: Chart | undefined;

  connectedCallback(): void {
    const table = this.querySelector('table');
    if (table === null || this.chart !== undefined) return;
    const rows = readRatings(table);
    if (rows.length === 0) return;
    const label = this.getAttribute('label') ?? 'Ratings over time';

    const wrap = document.createElement('div');
    wrap.className = 'app-history-chart';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `Line chart: ${label}. The same ratings are in the table below.`);
    wrap.append(canvas);
    this.prepend(wrap);
    // The key as text: colour and dash are never the only way to tell the lines apart.
    const key = document.createElement('p');
    key.className = 'govuk-body-s';
    key.textContent = 'Solid red line with round points: current rating. Dashed blue line with square points: target rating.';
    wrap.after(key);

    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        labels: rows.map((r) => r.label),
        datasets: [
          { label: 'Current rating', data: rows.map((r) => r.current), borderColor: '#d4351c', backgroundColor: '#d4351c', borderWidth: 3, pointRadius: 5, stepped: 'before', spanGaps: false },
          {
            label: 'Target rating',
            data: rows.map((r) => r.target),
            borderColor: '#1d70b8',
            backgroundColor: '#1d70b8',
            borderWidth: 2,
            borderDash: [8, 6],
            pointStyle: 'rect',
            pointRadius: 5,
            stepped: 'before',
            spanGaps: false,
          },
        ],
      },
      options: {
        // No animation: the chart is read, not watched, and it respects reduced motion for free.
        animation: false,
        aspectRatio: 2.5,
        scales: {
          x: { ticks: { font: { family: 'arial, sans-serif' }, color: '#0b0c0c' } },
          y: { min: 0, max: 25, ticks: { stepSize: 5, font: { family: 'arial, sans-serif' }, color: '#0b0c0c' } },
        },
      },
    });
  }

  disconnectedCallback(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}

if (!customElements.get('history-rating-chart')) customElements.define('history-rating-chart', HistoryRatingChart);

declare global {
  interface HTMLElementTagNameMap {
    'history-rating-chart': HistoryRatingChart;
  }
}
