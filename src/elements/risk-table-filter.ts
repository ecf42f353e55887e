import { LitElement, html, nothing } from 'lit';

interface Filter {
  key: 'owner' | 'band' | 'category';
  label: string;
  values: string[];
}

/**
 * Filters the register's summary table by owner, band and category.
 *
 * The table is complete HTML without JavaScript; this element only adds the
 * controls above it (in light DOM, so GOV.UK styles apply) and hides rows.
 * Filters are kept in the query string so a filtered view can be shared.
 */
export class RiskTableFilter extends LitElement {
  static override properties = { selected: { state: true } };

  declare selected: Record<Filter['key'], string>;
  private filters: Filter[] = [];
  private rows: HTMLTableRowElement[] = [];
  private controls: HTMLElement | null = null;

  constructor() {
    super();
    this.selected = { owner: '', band: '', category: '' };
  }

  // Render into a container placed before the table, leaving the table itself alone.
  protected override createRenderRoot(): HTMLElement {
    this.controls = document.createElement('div');
    this.prepend(this.controls);
    return this.controls;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.rows = [...this.querySelectorAll<HTMLTableRowElement>('tbody tr[data-risk]')];
    const distinct = (read: (row: HTMLTableRowElement) => string[]): string[] =>
      [...new Set(this.rows.flatMap(read))].filter((v) => v !== '').sort((a, b) => a.localeCompare(b));
    const bandOrder = [...new Set(this.rows.map((r) => r.dataset['band'] ?? ''))];
    this.filters = [
      { key: 'owner', label: 'Owner', values: distinct((r) => (r.dataset['owners'] ?? '').split(';')) },
      { key: 'band', label: 'Band', values: bandOrder.filter((b) => b !== '') },
      { key: 'category', label: 'Category', values: distinct((r) => [r.dataset['category'] ?? '']) },
    ];
    const params = new URLSearchParams(location.search);
    for (const f of this.filters) {
      const value = params.get(f.key) ?? '';
      if (f.values.includes(value)) this.selected = { ...this.selected, [f.key]: value };
    }
  }

  protected override updated(): void {
    let shown = 0;
    for (const row of this.rows) {
      const match =
        (this.selected.owner === '' || (row.dataset['owners'] ?? '').split(';').includes(this.selected.owner)) &&
        (this.selected.band === '' || row.dataset['band'] === this.selected.band) &&
        (this.selected.category === '' || row.dataset['category'] === this.selected.category);
      row.hidden = !match;
      if (match) shown += 1;
    }
    const status = this.controls?.querySelector('[role="status"]');
    if (status) status.textContent = `Showing ${shown} of ${this.rows.length} risks`;
  }

  private choose(key: Filter['key'], value: string): void {
    this.selected = { ...this.selected, [key]: value };
    const url = new URL(location.href);
    if (value === '') url.searchParams.delete(key);
    else url.searchParams.set(key, value);
    history.replaceState(null, '', url);
  }

  override render() {
    const id = this.id || 'risks';
    return html`
      <div class="app-filter">
        ${this.filters.map(
          (f) => html`
            <div class="govuk-form-group">
              <label class="govuk-label" for=${`${id}-filter-${f.key}`}>${f.label}</label>
              <select
                class="govuk-select"
                id=${`${id}-filter-${f.key}`}
                @change=${(e: Event) => this.choose(f.key, (e.target as HTMLSelectElement).value)}
              >
                <option value="" ?selected=${this.selected[f.key] === ''}>All</option>
                ${f.values.map((v) => html`<option value=${v} ?selected=${this.selected[f.key] === v}>${v}</option>`)}
              </select>
            </div>
          `,
        )}
        ${this.rows.length > 0 ? html`<p class="govuk-body govuk-!-margin-bottom-0" role="status"></p>` : nothing}
      </div>
    `;
  }
}

customElements.define('risk-table-filter', RiskTableFilter);
