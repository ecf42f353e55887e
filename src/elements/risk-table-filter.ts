import { LitElement, html, nothing } from 'lit';

interface Filter {
  key: 'owner' | 'band' | 'category';
  label: string;
  values: string[];
}

/** One of the register's tables: its rows, and its caption to reword when a filter is on. */
interface FilteredTable {
  /** What its risks are, e.g. "Open risks" (the table's data-register-table). */
  name: string;
  caption: HTMLTableCaptionElement | null;
  /** The region the table scrolls in, hidden when no row matches. */
  region: HTMLElement;
  rows: HTMLTableRowElement[];
}

type Selected = Record<Filter['key'], string>;

/**
 * The caption of a table with a filter on, so that a printed or read-out table says what it
 * leaves out, e.g. "Open risks owned by Kate Morrison, in band High (1 of 9)"; with none on,
 * the server's caption, "Open risks (9)".
 */
function filteredCaption(name: string, selected: Selected, shown: number, total: number): string {
  const criteria = [
    selected.owner !== '' && `owned by ${selected.owner}`,
    selected.band !== '' && `in band ${selected.band}`,
    selected.category !== '' && `in category ${selected.category}`,
  ].filter((c) => c !== false);
  return criteria.length === 0 ? `${name} (${total})` : `${name} ${criteria.join(', ')} (${shown} of ${total})`;
}

/**
 * Filters the register's summary tables (open risks, and closed, withdrawn and moved ones)
 * by owner, band and category.
 *
 * The tables are complete HTML without JavaScript; this element only adds the
 * controls above them (in light DOM, so GOV.UK styles apply), hides rows and says in each
 * table's caption what the filter leaves out, so a filtered register prints as what it is.
 * Filters are kept in the query string so a filtered view can be shared.
 */
export class RiskTableFilter extends LitElement {
  static override properties = { selected: { state: true } };

  declare selected: Selected;
  private filters: Filter[] = [];
  private tables: FilteredTable[] = [];
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
    this.tables = [...this.querySelectorAll<HTMLTableElement>('table[data-register-table]')].map((table) => ({
      name: table.dataset['registerTable'] ?? '',
      caption: table.caption,
      region: table.closest<HTMLElement>('.app-table-wrap') ?? table,
      rows: [...table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-risk]')],
    }));
    this.rows = this.tables.flatMap((t) => t.rows);
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
    for (const table of this.tables) {
      let inTable = 0;
      for (const row of table.rows) {
        const match =
          (this.selected.owner === '' || (row.dataset['owners'] ?? '').split(';').includes(this.selected.owner)) &&
          (this.selected.band === '' || row.dataset['band'] === this.selected.band) &&
          (this.selected.category === '' || row.dataset['category'] === this.selected.category);
        row.hidden = !match;
        if (match) inTable += 1;
      }
      shown += inTable;
      if (table.caption !== null) table.caption.textContent = filteredCaption(table.name, this.selected, inTable, table.rows.length);
      // A table with every row hidden would be headings over nothing: the count in the status says it.
      table.region.hidden = inTable === 0 && table.rows.length > 0;
    }
    const status = this.controls?.querySelector('[role="status"]');
    // Not core's plural(): sharing problems.ts with the page's other scripts split it into a chunk of its own.
    if (status) status.textContent = `Showing ${shown} of ${this.rows.length} ${this.rows.length === 1 ? 'risk' : 'risks'}`;
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
