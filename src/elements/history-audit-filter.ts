/**
 * `<history-audit-filter>`: filters the audit table the server rendered by date range,
 * register, person and type of change, and offers the rows shown as a CSV download. Without
 * JavaScript the page shows every change and the full CSV; the form stays hidden. Dates are
 * typed into GOV.UK date inputs (Day, Month, Year); history-audit-criteria.ts reads them.
 */
import { withByteOrderMark } from '../core/csv/encoding.ts';
import { AUDIT_CSV_HEADER } from '../core/history/audit-header.ts';
import { type AuditCriteria, type AuditRowData, boundDay, type ChosenWords, type DatePart, type DateParts, filteredCaption, matches, readDateRange, type TypedDate } from './history-audit-criteria.ts';

type Bound = 'from' | 'to';

function rowData(row: HTMLTableRowElement): AuditRowData {
  const list = (text: string | undefined, separator: string | RegExp): string[] => (text === undefined || text === '' ? [] : text.split(separator));
  return {
    date: row.dataset['date'] ?? '',
    registers: list(row.dataset['registers'], ' '),
    people: list(row.dataset['people'], '\n'),
    change: list(row.dataset['change'], ' '),
  };
}

function dateParts(data: FormData, bound: Bound): DateParts {
  const value = (part: DatePart): string => {
    const v = data.get(`${bound}-${part}`);
    return typeof v === 'string' ? v : '';
  };
  return { day: value('day'), month: value('month'), year: value('year') };
}

/**
 * GOV.UK's inline error on a date input: the message under the hint, the group and the wrong
 * fields marked, and the fieldset described by the message. Without an error, all of it is undone.
 */
function showDateError(group: HTMLElement, date: TypedDate | undefined): void {
  const fieldset = group.querySelector('fieldset');
  const hint = group.querySelector('.govuk-hint');
  if (fieldset === null || hint === null) return;
  const id = `${fieldset.id}-error`;
  group.querySelector(`#${id}`)?.remove();
  const error = date?.kind === 'error' ? date : undefined;
  group.classList.toggle('govuk-form-group--error', error !== undefined);
  for (const part of ['day', 'month', 'year'] as const) {
    group.querySelector(`input[name$="-${part}"]`)?.classList.toggle('govuk-input--error', error?.fields.includes(part) ?? false);
  }
  fieldset.setAttribute('aria-describedby', error === undefined ? hint.id : `${hint.id} ${id}`);
  if (error === undefined) return;
  const message = document.createElement('p');
  message.id = id;
  message.className = 'govuk-error-message';
  const hidden = document.createElement('span');
  hidden.className = 'govuk-visually-hidden';
  hidden.textContent = 'Error:';
  message.append(hidden, ` ${error.message}`);
  hint.after(message);
}

/** The words of each option chosen ('' where All is), and the days the filter applies. */
function chosenWords(form: HTMLFormElement, criteria: AuditCriteria): ChosenWords {
  const option = (name: string): string => {
    const select = form.elements.namedItem(name);
    return select instanceof HTMLSelectElement && select.value !== '' ? (select.selectedOptions[0]?.text ?? select.value) : '';
  };
  return { register: option('register'), person: option('person'), change: option('change'), from: criteria.from, to: criteria.to };
}

export class HistoryAuditFilter extends HTMLElement {
  #url: string | undefined;
  /**
   * The dates whose mistakes are shown: those the person has moved on from (or pressed Enter
   * in). Until then a half-typed date is not yet a mistake, and is only left out of the filter.
   */
  #checked = new Set<Bound>();
  /** The table's caption without its count, "Changes … newest first". */
  #captionName = '';

  connectedCallback(): void {
    const form = this.querySelector<HTMLFormElement>('form[data-audit-form]');
    const table = this.querySelector<HTMLTableElement>('table[data-audit-table]');
    if (form === null || table === null) return;
    this.#captionName = (table.caption?.textContent ?? '').trim().replace(/ \(\d+\)$/, '');
    form.hidden = false;
    form.addEventListener('input', () => this.apply(form, table));
    form.addEventListener('change', () => this.apply(form, table));
    form.addEventListener('focusout', (event) => {
      const group = (event.target as Element).closest<HTMLElement>('[data-date-bound]');
      if (group === null || group.contains(event.relatedTarget as Node | null)) return;
      this.#checked.add(group.dataset['dateBound'] as Bound);
      this.apply(form, table);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#checked = new Set(['from', 'to']);
      this.apply(form, table);
    });
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
    const dates = readDateRange(dateParts(data, 'from'), dateParts(data, 'to'));
    const mistakes: string[] = [];
    for (const group of form.querySelectorAll<HTMLElement>('[data-date-bound]')) {
      const bound = group.dataset['dateBound'] as Bound;
      const date = this.#checked.has(bound) ? dates[bound] : undefined;
      showDateError(group, date);
      if (date?.kind === 'error') mistakes.push(`${date.message}.`);
    }
    const criteria: AuditCriteria = { from: boundDay(dates.from), to: boundDay(dates.to), register: value('register'), person: value('person'), change: value('change') };
    const rows = [...table.querySelectorAll<HTMLTableRowElement>('tbody tr')];
    const shown: string[] = [];
    for (const row of rows) {
      const visible = matches(rowData(row), criteria);
      row.hidden = !visible;
      // The table is newest first; the CSV is oldest first, like `npm run audit -- --csv`.
      if (visible) shown.unshift(row.dataset['csv'] ?? '');
    }
    if (table.caption !== null) table.caption.textContent = filteredCaption(this.#captionName, chosenWords(form, criteria), shown.length, rows.length);
    // Headings over no rows would say nothing: the table goes, and a message says so in its place.
    const none = this.querySelector<HTMLElement>('[data-audit-none]');
    const region = table.closest<HTMLElement>('[role="region"]');
    if (none !== null && region !== null) {
      none.hidden = shown.length > 0 || rows.length === 0;
      region.hidden = !none.hidden;
    }
    const count = form.querySelector('[data-audit-count]');
    // The status says the mistakes too: they appear as focus moves on, where a screen reader would not look.
    if (count !== null) count.textContent = [`Showing ${shown.length} of ${rows.length} ${rows.length === 1 ? 'change' : 'changes'}.`, ...mistakes].join(' ');
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
