import { actorFor, authorize } from '../access/authorize.ts';
import { proposalBranch, type GitBackend } from '../git/backend.ts';
import { formatMeasuresImportSummary, planMeasuresImport } from '../measures/import.ts';
import type { Person } from '../schemas/person.ts';
import type { ProposeResult } from './propose-update.ts';
import { earlierSubmission, settleProposeError, type SubmissionKey } from './same-submission.ts';
import { invalidUpload, uploadFieldError, whereInUpload } from './upload-problems.ts';
import { oneLine, printable, submitterOf } from './propose-risk.ts';
import { workspaceOf } from './data-checks.ts';

/** What the upload's problems name as their file: it has no name of its own. */
export const UPLOADED_VALUES_CSV = 'values.csv';

export interface ProposeMeasuresInput extends SubmissionKey {
  backend: GitBackend;
  /** A values CSV: `measure,period,value,numerator,denominator,note`. */
  csv: string;
  /** The submitter, already matched to a person. */
  person: Person;
  /** Figures for periods that have not begun are refused. */
  now: Date;
  /** A fresh random key when no Idempotency-Key is given. */
  randomKey: () => string;
}

/**
 * The measures-upload use case: a values CSV becomes one proposal, planned exactly as
 * `npm run import-measures` plans it against the data on the base branch now, or is refused
 * with every row's problems. Only people with the `performance` role and administrators may.
 */
export async function proposeMeasures(input: ProposeMeasuresInput): Promise<ProposeResult> {
  const { backend, person } = input;
  const head = await backend.head();
  const files = await backend.readFiles(head);
  const workspace = workspaceOf(files);
  const decision = authorize(actorFor(workspace, person), 'import-measures');
  if (!decision.allowed) return { kind: 'forbidden', message: `You may not do this: ${decision.reason}.` };
  // Checked only now, so a key never reveals a proposal to someone who may not make it.
  const branch = proposalBranch('measures-import', input.person.id, input.idempotencyKey ?? input.randomKey());
  const earlier = await earlierSubmission(backend, branch, input);
  if (earlier) return earlier;

  const plan = planMeasuresImport(new Map([...files].map(([path, f]) => [path, f.content])), { values: { file: UPLOADED_VALUES_CSV, text: input.csv } }, { now: input.now });
  const errors = plan.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return invalidUpload(errors.map((e) => uploadFieldError(e, UPLOADED_VALUES_CSV)));
  if (plan.writes.size === 0) return invalidUpload([{ path: '', message: 'the file changes nothing: every figure is already held as it is' }]);

  const written = [...plan.writes.keys()].sort();
  const summary = formatMeasuresImportSummary(plan.summary);
  const warnings = plan.problems.filter((p) => p.severity === 'warning');
  try {
    const proposal = await backend.propose({
      base: head,
      branch,
      title: printable(summary.replace(/^Imported /, 'Measures import: ').replace(/\.$/, '')).slice(0, 200),
      body: printable([
        '**Measures import**',
        '',
        `Submitted by ${person.name} (${person.id}).`,
        '',
        summary,
        ...(warnings.length > 0 ? ['', 'Warnings:', '', ...warnings.map((w) => `- ${oneLine(`${whereInUpload(w, UPLOADED_VALUES_CSV)}: ${w.message}`)}`)] : []),
        '',
        'Files:',
        '',
        ...written.map((path) => `- ${path}`),
      ].join('\n')),
      labels: ['measures', 'import'],
      submitter: submitterOf(person),
      // Administrators review uploads: no register owner answers for measures.
      reviewers: workspace.roles.filter((g) => g.role === 'administrator').flatMap((g) => workspace.people.find((p) => p.id === g.person)?.github ?? []),
      files: written.map((path) => ({ path, content: plan.writes.get(path)!, expectSha: files.get(path)?.sha ?? null })),
      requestDigest: input.requestDigest,
    });
    return { kind: 'created', proposal };
  } catch (err) {
    return settleProposeError(err, `${written.join(', ')} changed while your upload was being proposed: someone else's figures went in first. Send the file again.`, input);
  }
}
