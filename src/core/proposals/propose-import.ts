import { formatImportSummary, planImport } from '../csv/import.ts';
import { proposalBranch, type GitBackend } from '../git/backend.ts';
import type { Person } from '../schemas/person.ts';
import { findRisk } from '../data/workspace.ts';
import type { Problem } from '../problems.ts';
import { problemKey, problemsAlready, workspaceOf } from './data-checks.ts';
import type { ProposeResult } from './propose-update.ts';
import { earlierSubmission, settleProposeError, type SubmissionKey } from './same-submission.ts';
import { invalidUpload, uploadFieldError, whereInUpload } from './upload-problems.ts';
import { checkAccess, mayNameRegisterOf, oneLine, printable, reviewersFor, submitterOf } from './propose-risk.ts';

/** What CSV problems name as their file: the upload has no name of its own. */
export const UPLOADED_CSV = 'upload.csv';

export interface ProposeImportInput extends SubmissionKey {
  backend: GitBackend;
  /** From the path: the register the CSV's rows go into. It must exist. */
  registerId: string;
  /** The CSV text, in the interchange format `npm run import` reads. */
  csv: string;
  /** The submitter, already matched to a person. */
  person: Person;
  now: Date;
  /** A fresh random key when no Idempotency-Key is given. */
  randomKey: () => string;
}

/**
 * The register-import use case: the whole CSV becomes one proposal, planned exactly as
 * `npm run import` plans it against the data on the base branch now, or is refused with
 * every row's problems. Nothing is written unless the whole file imports.
 */
export async function proposeImport(input: ProposeImportInput): Promise<ProposeResult> {
  const { backend, registerId, person } = input;
  const head = await backend.head();
  const files = await backend.readFiles(head);
  const workspace = workspaceOf(files);
  const access = checkAccess(workspace, person, registerId, 'import-register');
  if ('kind' in access) return access;
  const register = access.register;

  const branch = proposalBranch(`${registerId}-import`, input.person.id, input.idempotencyKey ?? input.randomKey());
  const earlier = await earlierSubmission(backend, branch, input);
  if (earlier) return earlier;

  const mayName = (home: string, riskId: string): boolean => mayNameRegisterOf(workspace, person, home, riskId);
  const already = problemsAlready(files, input.now);
  const errorAlready = (p: Problem): boolean => already.has(problemKey(p));
  // Open proposals label the risks they touch: those not in the data yet are new risks' ids (a long one shortened, as planImport knows).
  const proposedIds = new Set((await backend.listProposals({ state: 'open' })).flatMap((p) => p.labels).filter((label) => findRisk(workspace, label) === undefined));
  const plan = planImport(new Map([...files].map(([path, f]) => [path, f.content])), input.csv, { csvFile: UPLOADED_CSV, registerId, now: input.now, mayName, errorAlready, proposedIds });
  const errors = plan.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return invalidUpload(errors.map((e) => uploadFieldError(e, UPLOADED_CSV)));
  if (plan.writes.size === 0) return invalidUpload([{ path: '', message: 'the file changes nothing: every row matches its risk as it is now' }]);

  const written = [...plan.writes.keys()].sort();
  const riskIds = written.flatMap((path) => /^registers\/[^/]+\/risks\/([^/]+)\.json$/.exec(path)?.[1] ?? []);
  const warnings = plan.problems.filter((p) => p.severity === 'warning');
  const summary = formatImportSummary(plan.summary);
  try {
    const proposal = await backend.propose({
      base: head,
      branch,
      title: printable(summary.replace(/^Imported /, 'CSV import: ').replace(/\.$/, '')).slice(0, 200),
      body: printable([
        `**${oneLine(register.register.name)}: CSV import**`,
        '',
        `Submitted by ${person.name} (${person.id}).`,
        '',
        summary,
        ...(warnings.length > 0 ? ['', 'Warnings:', '', ...warnings.map((w) => `- ${oneLine(`${whereInUpload(w, UPLOADED_CSV)}: ${w.message}`)}`)] : []),
        '',
        'Files:',
        '',
        ...written.map((path) => `- ${path}`),
      ].join('\n')),
      // Each changed risk's id, so ?risk= finds the import; capped, as a GitHub pull request takes at most 100 labels.
      labels: [registerId, 'import', ...riskIds.slice(0, 98)],
      submitter: submitterOf(person),
      reviewers: reviewersFor(workspace, register),
      files: written.map((path) => ({ path, content: plan.writes.get(path)!, expectSha: files.get(path)?.sha ?? null })),
      requestDigest: input.requestDigest,
    });
    return { kind: 'created', proposal };
  } catch (err) {
    return settleProposeError(err, `The ${registerId} register was changed by someone else while your import was being proposed. Export it again, reapply your changes and import again.`, input);
  }
}
