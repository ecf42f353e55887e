/**
 * `<history-audit-filter>`: filters the audit table the server rendered by date range,
 * register, person and type of change, and offers the rows shown as a CSV download. Without
 * JavaScript the page shows every change and the full CSV; the form stays hidden.
 */
import { withByteOrderMark } from '../core/csv/encoding.ts';
import { AUDIT_CSV_HEADER } from '../core/history/audit-header.ts';

export interface AuditCriteria {
  from: string;
  to: string;
  register: string;
  person: string;
  change: string;
}

/** What a table row carries (its data-* attributes). */
export interface AuditRowData {
  date: string;
  register: string;
  people: string[];
  change: string[];
}

/** Whether a row passes the filter; an empty criterion passes everything. */
export function matches(row: AuditRowData, c: AuditCriteria): boolean {
  return (
    (c.from === '' || row.date >= c.from) &&
    (c.to === '' || row.date <= c.to) &&
    (c.register === '' || row.register === c.register) &&
    (c.person === '' || row.people.includes(c.person)) &&
    (c.change === '' || row.change.includes(c.change))
  );
}

function rowData(row: HTMLTableRowElement): AuditRowData {
  const list = (text: string | undefined, separator: string | RegExp): string[] => (text === undefined || text === '' ? [] : text.split(separator));
  return {
    date: row.dataset['date'] ?? '',
    register: row.dataset['register'] ?? '',
    people: list(row.dataset['people'], '\n'),
    change: list(row.dataset['change'], ' '),
  };
}

export class HistoryAuditFilter extends HTMLElement {
  #url: string | undefined;

  connectedCallback(): void {
    const form = this.querySelector<HTMLFormElement>('form[data-audit-form]');
    const table = this.querySelector<HTMLTableElement>('table[data-audit-table]');
    if (form === null || table === null) return;
    form.hidden = false;
    form.addEventListener('input', () => this.apply(form, table));
    form.addEventListener('change', () => this.apply(form, table));
    form.addEventListener('submit', (event) => event.preventDefault());
    this.apply(form, table);
  }

  disconnectedCallback(): void {
    if (this.#url !== undefined) URL.revokeObjectURL(this.#url);
  }

  apply(form: HTMLFormElement, table: HTMLTableElement): void {
    const data = new FormData(form);
    const value = (name: string): string => {
      const v = data.get(name);
      return typeof v === 'string' ? v : '';
    };
    const criteria: AuditCriteria = { from: value('from'), to: value('to'), register: value('register'), person: value('person'), change: value('change') };
    const rows = [...table.querySelectorAll<HTMLTableRowElement>('tbody tr')];
    const shown: string[] = [];
    for (const row of rows) {
      const visible = matches(rowData(row), criteria);
      row.hidden = !visible;
      // The table is newest first; the CSV is oldest first, like `npm run audit -- --csv`.
      if (visible) shown.unshift(row.dataset['csv'] ?? '');
    }
    const count = form.querySelector('[data-audit-count]');
    if (count !== null) count.textContent = `Showing ${shown.length} of ${rows.length} changes.`;
    const link = form.querySelector<HTMLAnchorElement>('a[data-audit-filtered-download]');
    if (link !== null) {
      const csv = [AUDIT_CSV_HEADER, ...shown].map((line) => `${line}\r\n`).join('');
      if (this.#url !== undefined) URL.revokeObjectURL(this.#url);
      // With the byte-order mark, as every CSV Oversight writes, so Excel reads accented names as UTF-8.
      this.#url = URL.createObjectURL(new Blob([withByteOrderMark(csv)], { type: 'text/csv;charset=utf-8' }));
      link.href = this.#url;
    }
  }
}

if (!customElements.get('history-audit-filter')) customElements.define('history-audit-filter', HistoryAuditFilter);
