/** A unified diff of two texts, as `git diff` shows one file (for `npm run proposals -- show`). */
export function unifiedDiff(path: string, before: string | null, after: string | null, context = 3): string {
  const a = lines(before);
  const b = lines(after);
  const ops = diffLines(a, b);
  const header = [`--- ${before === null ? '/dev/null' : `a/${path}`}`, `+++ ${after === null ? '/dev/null' : `b/${path}`}`];
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]?.kind === ' ') {
      i++;
      continue;
    }
    // A hunk: from `context` lines before this change to `context` lines after the last change
    // that is no more than 2 × context lines of unchanged text away.
    let start = i;
    while (start > 0 && i - start < context && ops[start - 1]?.kind === ' ') start--;
    let end = i;
    let lastChange = i;
    while (end < ops.length) {
      if (ops[end]?.kind !== ' ') lastChange = end;
      else if (end - lastChange > 2 * context) break;
      end++;
    }
    end = Math.min(ops.length, lastChange + context + 1);
    const slice = ops.slice(start, end);
    const first = ops[start];
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const oldStart = (first?.a ?? 0) + (oldCount === 0 ? 0 : 1);
    const newStart = (first?.b ?? 0) + (newCount === 0 ? 0 : 1);
    hunks.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...slice.map((op) => `${op.kind}${op.text}`));
    i = end;
  }
  return [...header, ...hunks].join('\n');
}

interface Op {
  kind: ' ' | '-' | '+';
  text: string;
  /** Lines of the old and new text before this one. */
  a: number;
  b: number;
}

function lines(text: string | null): string[] {
  if (text === null || text === '') return [];
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all;
}

/** Longest common subsequence after trimming the common start and end (JSON files differ in a few lines). */
function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: Op[] = [];
  for (let k = 0; k < head; k++) ops.push({ kind: ' ', text: a[k] ?? '', a: k, b: k });
  ops.push(...middle(midA, midB, head));
  for (let k = 0; k < tail; k++) {
    const ai = a.length - tail + k;
    const bi = b.length - tail + k;
    ops.push({ kind: ' ', text: a[ai] ?? '', a: ai, b: bi });
  }
  return ops;
}

function middle(a: string[], b: string[], offset: number): Op[] {
  const n = a.length;
  const m = b.length;
  const ops: Op[] = [];
  if (n * m > 25_000_000) {
    // Too large to compare line by line here: show it as replaced.
    a.forEach((text, k) => ops.push({ kind: '-', text, a: offset + k, b: offset }));
    b.forEach((text, k) => ops.push({ kind: '+', text, a: offset + n, b: offset + k }));
    return ops;
  }
  // lcs[i * (m + 1) + j]: length of the LCS of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[i] === b[j] ? (lcs[(i + 1) * (m + 1) + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * (m + 1) + j] ?? 0, lcs[i * (m + 1) + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i] ?? '', a: offset + i, b: offset + j });
      i++;
      j++;
    } else if (i < n && (j === m || (lcs[(i + 1) * (m + 1) + j] ?? 0) >= (lcs[i * (m + 1) + j + 1] ?? 0))) {
      // Removals before additions, as git shows them.
      ops.push({ kind: '-', text: a[i] ?? '', a: offset + i, b: offset + j });
      i++;
    } else {
      ops.push({ kind: '+', text: b[j] ?? '', a: offset + i, b: offset + j });
      j++;
    }
  }
  return ops;
}
