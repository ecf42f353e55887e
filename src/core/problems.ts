import type { z } from 'zod';
import { plural } from './words.ts';

export type Severity = 'error' | 'warning';

/**
 * One thing wrong with the data, located precisely enough to fix:
 * a file (relative to the data directory or as given), a field path inside it,
 * and for CSV a row (the header is row 1) and column.
 */
export interface Problem {
  severity: Severity;
  file: string;
  /** Field path inside the file, e.g. `controls[0].status`. */
  path?: string;
  row?: number;
  column?: string;
  /** What is wrong and how to put it right. */
  message: string;
}

export function error(file: string, message: string, where: Partial<Pick<Problem, 'path' | 'row' | 'column'>> = {}): Problem {
  return { severity: 'error', file, ...where, message };
}

export function warning(file: string, message: string, where: Partial<Pick<Problem, 'path' | 'row' | 'column'>> = {}): Problem {
  return { severity: 'warning', file, ...where, message };
}

/** `controls[0].status` from zod's `['controls', 0, 'status']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Turns zod issues into problems with messages a person can act on. */
export function problemsFromZod(file: string, issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): Problem[] {
  return issues.map((issue) => {
    const path = formatPath([...prefix, ...issue.path]);
    return error(file, describeIssue(issue), path === '' ? {} : { path });
  });
}

/** Zod issues as an API answer's `fields`: each one's path in the request and its message. */
export function fieldErrorsFromZod(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return problemsFromZod('', issues).map((p) => ({ path: p.path ?? '', message: p.message }));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: correct the name or remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
    case 'invalid_type':
      if (issue.input === undefined) return `is required: add it${issue.message.startsWith('must') ? ` (it ${issue.message})` : ''}`;
      return issue.message.startsWith('must') ? issue.message : `must be ${issue.expected}`;
    default:
      return issue.message;
  }
}

/** Parses with a schema; on failure returns located problems instead of throwing. */
export function parseWithProblems<S extends z.ZodType>(
  schema: S,
  input: unknown,
  file: string,
): { value: z.output<S>; problems: [] } | { value: undefined; problems: Problem[] } {
  // reportInput keeps issue.input, which describeIssue needs to tell a missing field from a wrong type.
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };
  return { value: undefined, problems: problemsFromZod(file, result.error.issues) };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** One line per problem: `error: people.json people[2].email: must be an email address …`. */
export function formatProblem(problem: Problem, displayFile: (file: string) => string = (f) => f): string {
  let where = displayFile(problem.file);
  if (problem.row !== undefined) where += ` row ${problem.row}`;
  if (problem.column !== undefined) where += `, column ${problem.column}`;
  if (problem.path !== undefined) where += ` ${problem.path}`;
  return `${problem.severity}: ${where}: ${problem.message}`;
}

/** The full report: errors first, then warnings, then a count. */
export function formatReport(problems: readonly Problem[], displayFile?: (file: string) => string): string {
  const sorted = [...problems].sort((a, b) => rank(a) - rank(b));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const lines = sorted.map((p) => formatProblem(p, displayFile));
  lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
  return lines.join('\n');
}

function rank(p: Problem): number {
  return p.severity === 'error' ? 0 : 1;
}
