import { actorFor, authorize } from '../access/authorize.ts';
import { isoDay } from '../dates.ts';
import { parseJsonFile, toJsonFile } from '../data/serialize.ts';
import { findRisk } from '../data/workspace.ts';
import { proposalBranch, type GitBackend, type Proposal } from '../git/backend.ts';
import type { Person } from '../schemas/person.ts';
import { RiskSchema, type Risk } from '../schemas/risk.ts';
import { applyUpdate, type FieldError } from './apply-update.ts';
import { changeTypes, describeBody, describeTitle } from './describe-change.ts';
import { newProblemsIn, workspaceOf } from './data-checks.ts';
import { reviewerChecks } from './markdown.ts';
import { updatePaths } from './request-paths.ts';
import { earlierSubmission, settleProposeError, type SubmissionKey } from './same-submission.ts';
import { conflictingFields } from './stale.ts';
import type { RiskUpdateRequest } from './update-request.ts';

export type ProposeResult =
  | { kind: 'created' | 'existing'; proposal: Proposal }
  | { kind: 'not-found'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'invalid'; message: string; fields: FieldError[] }
  /** `latest`: the risk on the base branch now and its version, where the check that refused it read them. */
  | { kind: 'stale'; message: string; fields: string[]; latest?: { version: string; risk: Risk } }
  | { kind: 'key-reused'; message: string };

export interface ProposeUpdateInput extends SubmissionKey {
  backend: GitBackend;
  riskId: string;
  request: RiskUpdateRequest;
  /** The submitter, already matched to a person. */
  person: Person;
  now: Date;
  /** A fresh random key when no Idempotency-Key is given. */
  randomKey: () => string;
}

/**
 * The risk-update use case: read the risk on the base branch now, check who may change
 * it, apply the change (merging with newer edits to other fields), validate the whole
 * data set, and open a proposal. Nothing is written unless every check passes.
 */
export async function proposeRiskUpdate(input: ProposeUpdateInput): Promise<ProposeResult> {
  const { backend, riskId, request, person } = input;
  const head = await backend.head();
  const files = await backend.readFiles(head);
  const workspace = workspaceOf(files);
  const entry = findRisk(workspace, riskId);
  const register = workspace.registers.find((r) => r.register.id === entry?.registerId);
  const notFound: ProposeResult = { kind: 'not-found', message: `There is no risk ${riskId}.` };
  if (!entry || !register) return notFound;
  const actor = actorFor(workspace, person);
  // A restricted risk's existence is itself restricted (as GET /api/risks/:id answers).
  if (!authorize(actor, 'view-register', { register: register.register, risk: entry.risk }).allowed) return notFound;
  const decision = authorize(actor, 'update-risk', { register: register.register, risk: entry.risk });
  if (!decision.allowed) return { kind: 'forbidden', message: `You may not update ${riskId}: ${decision.reason}.` };
  // Checked only now, so a key never reveals a proposal to someone who may not make it.
  const branch = proposalBranch(riskId, input.person.id, input.idempotencyKey ?? input.randomKey());
  const earlier = await earlierSubmission(backend, branch, input);
  if (earlier) return earlier;

  const current = files.get(entry.file)!;
  if (current.sha !== request.baseVersion) {
    const stale = await staleCheck(backend, request, entry.risk);
    if (stale) return { ...stale, latest: { version: current.sha, risk: entry.risk } };
  }
  const today = isoDay(input.now);
  const applied = applyUpdate(entry.risk, request, { by: person.id, today, reviewCycleMonths: register.register.reviewCycleMonths });
  if (applied.errors.length > 0) return invalid(applied.errors);
  const parsed = RiskSchema.safeParse(applied.risk);
  if (!parsed.success) return invalid(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const content = toJsonFile(parsed.data);
  if (content === current.content) return invalid([{ path: '', message: 'the submission changes nothing on the risk as it is now' }]);

  const changed = new Map(files);
  changed.set(entry.file, { content, sha: '' });
  const checked = newProblemsIn(files, changed, input.now);
  if (checked.errors.length > 0) return invalid(updatePaths(checked.errors, entry.file, entry.risk, request));

  const scheme = workspace.settings.scoring;
  const owner = workspace.people.find((p) => p.id === register.register.owner);
  try {
    const proposal = await backend.propose({
      base: head,
      branch,
      title: describeTitle(entry.risk, parsed.data, scheme),
      body: [describeBody(entry.risk, parsed.data, scheme, request.reason, person), ...reviewerChecks(checked.warnings, entry.file)].join('\n'),
      labels: [register.register.id, riskId, ...changeTypes(entry.risk, parsed.data)],
      submitter: { id: person.id, name: person.name, email: person.email ?? `${person.id}@users.oversight.invalid` },
      reviewers: owner?.github !== undefined ? [owner.github] : [],
      files: [{ path: entry.file, content, expectSha: current.sha }],
      requestDigest: input.requestDigest,
    });
    return { kind: 'created', proposal };
  } catch (err) {
    return settleProposeError(err, staleMessage(riskId), input);
  }
}

async function staleCheck(backend: GitBackend, request: RiskUpdateRequest, head: Risk): Promise<Extract<ProposeResult, { kind: 'stale' }> | null> {
  const base = RiskSchema.safeParse(parseJson(await backend.readBlob(request.baseVersion)));
  // Any other blob (unknown, not JSON, another risk's file) cannot be a base for this risk.
  if (!base.success || base.data.id !== head.id) return { kind: 'stale', message: staleMessage(head.id), fields: [] };
  const fields = conflictingFields(base.data, head, request);
  return fields.length > 0 ? { kind: 'stale', message: `${staleMessage(head.id)} Changed since you started: ${fields.join(', ')}.`, fields } : null;
}

function parseJson(text: string | null): unknown {
  try {
    return text === null ? null : parseJsonFile(text);
  } catch {
    return null;
  }
}

function staleMessage(riskId: string): string {
  return `${riskId} has been changed by someone else since you opened it. Reload the risk to see their changes, then submit yours again.`;
}

function invalid(fields: FieldError[]): ProposeResult {
  return { kind: 'invalid', message: 'The update could not be proposed: correct the fields listed.', fields };
}
