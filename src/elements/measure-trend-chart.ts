import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, type ChartDataset } from 'chart.js';

// Only the parts of chart.js a line chart needs, so the page ships no more than that. No tooltips
// (the table beside the chart has every figure) and no legend (the key is HTML text under the chart).
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale);

/** One figure, read from the table the server rendered. */
export interface TrendPoint {
  period: string;
  /** Null when suppressed or not recorded: the line has a gap there. */
  value: number | null;
}

/** Reads the published figures from the table's rows (`tr[data-period]` with `data-value`). */
export function readTrend(table: HTMLTableElement): TrendPoint[] {
  return [...table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-period]')].map((row) => {
    const text = row.dataset['value'] ?? '';
    return { period: row.dataset['period'] ?? '', value: text === '' ? null : Number(text) };
  });
}

/**
 * A trend chart drawn from the table inside it. The table stays on the page: it is the
 * accessible version of the chart and what the page shows without JavaScript. The canvas is
 * an image to assistive technology, labelled to point at the table.
 *
 * Attributes: `label` (the measure's name), `target` and `floor` (drawn as dashed and dotted lines),
 * `suffix` (the unit after a figure, e.g. `%`).
 */
export class MeasureTrendChart extends HTMLElement {
  chart: Chart | undefined;

  connectedCallback(): void {
    const table = this.querySelector('table');
    if (table === null || this.chart !== undefined) return;
    const points = readTrend(table);
    const label = this.getAttribute('label') ?? 'Value';
    const line = (name: string): number | undefined => {
      const text = this.getAttribute(name);
      return text === null || text === '' ? undefined : Number(text);
    };
    const target = line('target');
    const floor = line('floor');
    const suffix = this.getAttribute('suffix') ?? '';

    const wrap = document.createElement('div');
    wrap.className = 'app-measure-chart';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `Trend chart of ${label}${target === undefined ? '' : `, with the target as a dashed line`}. The same figures are in the table below.`);
    wrap.append(canvas);
    this.prepend(wrap);
    // The key, as text: colour and dash are never the only way to tell the lines apart.
    const key = document.createElement('p');
    key.className = 'govuk-body-s';
    key.textContent = `Solid blue line: ${label}.${target === undefined ? '' : ` Dashed black line: the target (${target}${suffix}).`}${floor === undefined ? '' : ` Dotted grey line: the floor (${floor}${suffix}).`}`;
    wrap.after(key);

    const periods = points.map((p) => p.period);
    const datasets: ChartDataset<'line', (number | null)[]>[] = [
      { label, data: points.map((p) => p.value), borderColor: '#1d70b8', backgroundColor: '#1d70b8', borderWidth: 3, pointRadius: 4, spanGaps: false },
    ];
    if (target !== undefined) datasets.push({ label: 'Target', data: periods.map(() => target), borderColor: '#0b0c0c', backgroundColor: '#0b0c0c', borderWidth: 2, pointRadius: 0, spanGaps: false, borderDash: [8, 6] });
    if (floor !== undefined) datasets.push({ label: 'Floor', data: periods.map(() => floor), borderColor: '#505a5f', backgroundColor: '#505a5f', borderWidth: 2, pointRadius: 0, spanGaps: false, borderDash: [2, 4] });

    this.chart = new Chart(canvas, {
      type: 'line',
      data: { labels: periods, datasets },
      options: {
        // No animation: the chart is read, not watched, and it respects reduced motion for free.
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { ticks: { font: { family: 'arial, sans-serif' }, color: '#0b0c0c' } },
          y: { beginAtZero: true, ticks: { font: { family: 'arial, sans-serif' }, color: '#0b0c0c' } },
        },
      },
    });
  }

  disconnectedCallback(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}

customElements.define('measure-trend-chart', MeasureTrendChart);
