/** A markdown table, columns padded to line up; `right` columns are right-aligned (numbers). */
export function markdownTable(header: string[], rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `| ${widths.map((w, i) => (right.has(i) ? (cells[i] ?? '').padStart(w) : (cells[i] ?? '').padEnd(w))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

export const seconds = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
export const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const count = (n: number): string => n.toLocaleString('en-GB');
export const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');
