import { actorFor, authorize, type Action } from '../access/authorize.ts';
import { MAX_NESTING, nestingDepth } from '../nesting.ts';
import { REGISTERS_DIR, RISKS_DIR_NAME, riskFile } from '../data/paths.ts';
import { toJsonFile } from '../data/serialize.ts';
import { findRegister, findRisk, type RegisterEntry, type Workspace } from '../data/workspace.ts';
import { proposalBranch, type GitBackend } from '../git/backend.ts';
import { error, fieldErrorsFromZod, type Problem } from '../problems.ts';
import type { Person } from '../schemas/person.ts';
import { RiskSchema, type Risk } from '../schemas/risk.ts';
import { rate } from '../scoring/rating.ts';
import type { FieldError } from './apply-update.ts';
import { reviewerChecks, tableCell } from './markdown.ts';
import { newRiskPaths } from './request-paths.ts';
import { newProblemsIn, workspaceOf } from './data-checks.ts';
import type { ProposeResult } from './propose-update.ts';
import { earlierSubmission, settleProposeError, type SubmissionKey } from './same-submission.ts';

export interface ProposeRiskInput extends SubmissionKey {
  backend: GitBackend;
  /** From the path: the register the new risk goes into. */
  registerId: string;
  /** The request body as read (JSON or a form turned into an object): checked here against RiskSchema. */
  risk: unknown;
  /** The submitter, already matched to a person. */
  person: Person;
  now: Date;
  /** A fresh random key when no Idempotency-Key is given. */
  randomKey: () => string;
}

/**
 * The new-risk use case: read the data on the base branch now, find the register (a
 * restricted one the person may not read is "not found"), check they may propose risks
 * for it, check the risk against the schema and the whole data set as it would be, and
 * open a proposal adding its file. Nothing is written unless every check passes.
 */
export async function proposeNewRisk(input: ProposeRiskInput): Promise<ProposeResult> {
  const { backend, registerId, person } = input;
  const head = await backend.head();
  const files = await backend.readFiles(head);
  const workspace = workspaceOf(files);
  const access = checkAccess(workspace, person, registerId, 'create-risk');
  if ('kind' in access) return access;
  const register = access.register;

  const branch = proposalBranch(`${registerId}-new-risk`, input.person.id, input.idempotencyKey ?? input.randomKey());
  // zod copies the input into its issues and stringifies them: a value nested thousands deep would overflow the stack.
  if (nestingDepth(input.risk, MAX_NESTING) > MAX_NESTING) return invalidRisk([{ path: '', message: `is nested more than ${MAX_NESTING} levels deep: a risk is never that deep` }]);
  const parsed = RiskSchema.safeParse(input.risk, { reportInput: true });
  if (!parsed.success) {
    return invalidRisk(fieldErrorsFromZod(parsed.error.issues));
  }
  const risk = parsed.data;
  // After the checks of the body alone, so a key never answers for a body that could not be a retry.
  const earlier = await earlierSubmission(backend, branch, input);
  if (earlier) return earlier;
  const file = riskFile(registerId, risk.id);
  const taken = findRisk(workspace, risk.id);
  if (taken) {
    const known = mayNameRegisterOf(workspace, person, taken.registerId, risk.id);
    return invalidRisk([{ path: 'id', message: `${risk.id} is already used by ${known ? `a risk in the ${taken.registerId} register` : 'another risk'}: give the new risk an id no other risk has` }]);
  }
  // Two risk managers may each take the id the register page suggests: the second would fail only when merged.
  if ((await backend.listProposals({ risk: risk.id, state: 'open' })).length > 0) {
    return invalidRisk([{ path: 'id', message: `${risk.id} is the id of a risk someone has already proposed, not yet merged: give the new risk another id` }]);
  }
  const sameName = [...files.keys()].find((path) => isRiskFileFor(path, risk.id));
  if (sameName !== undefined) return invalidRisk([{ path: 'id', message: `${risk.id} is already used by the file ${sameName}: give the new risk an id no other risk has` }]);

  const content = toJsonFile(risk);
  const changed = new Map(files);
  changed.set(file, { content, sha: '' });
  const hidden = referencesNotVisible(workspace, person, risk, file);
  const checked = newProblemsIn(files, changed, input.now);
  const problems = [...checked.errors.filter((p) => !hidden.some((h) => h.file === p.file && h.path === p.path)), ...hidden];
  if (problems.length > 0) return invalidRisk(newRiskPaths(problems, file));

  try {
    const proposal = await backend.propose({
      base: head,
      branch,
      title: printable(`${risk.id}: new risk in ${registerId}: ${oneLine(risk.title)}`).slice(0, 200),
      body: printable([newRiskBody(risk, register, workspace, person), ...reviewerChecks(checked.warnings, file)].join('\n')),
      labels: [registerId, risk.id, 'new-risk'],
      submitter: submitterOf(person),
      reviewers: reviewersFor(workspace, register),
      files: [{ path: file, content, expectSha: null }],
      requestDigest: input.requestDigest,
    });
    return { kind: 'created', proposal };
  } catch (err) {
    return settleProposeError(err, `${risk.id} was added by someone else while yours was being proposed. Choose another id and submit again.`, input);
  }
}

// ---------------------------------------------------------------------------------------------
// Shared by the new-risk and import use cases

/**
 * May this person propose this to this register? A register that does not exist, or a
 * restricted one they may not read, is "not found": a restricted register's existence is
 * itself restricted (as GET /api/risks/:id answers).
 */
export function checkAccess(workspace: Workspace, person: Person, registerId: string, action: Extract<Action, 'create-risk' | 'import-register'>): { register: RegisterEntry } | ProposeResult {
  const notFound: ProposeResult = { kind: 'not-found', message: `There is no register ${registerId}.` };
  const register = findRegister(workspace, registerId);
  if (!register) return notFound;
  const actor = actorFor(workspace, person);
  if (!authorize(actor, 'view-register', { register: register.register }).allowed) return notFound;
  const decision = authorize(actor, action, { register: register.register });
  if (!decision.allowed) return { kind: 'forbidden', message: `You may not do this: ${decision.reason}.` };
  return { register };
}

/**
 * May this person learn that risk `riskId` is in register `registerId`? Only if they may read
 * it there: a restricted register's risks are not theirs to learn of. A register the data does
 * not have (a risk file in a folder without a register.json) is never named.
 */
export function mayNameRegisterOf(workspace: Workspace, person: Person, registerId: string, riskId?: string): boolean {
  const entry = findRegister(workspace, registerId);
  const risk = riskId === undefined ? undefined : findRisk(workspace, riskId)?.risk;
  return entry !== undefined && authorize(actorFor(workspace, person), 'view-register', { register: entry.register, ...(risk ? { risk } : {}) }).allowed;
}

/**
 * A linked risk or a "moved to" register the person may not read is reported as if it did not
 * exist, in the same words as one that does not: otherwise whether the proposal is refused
 * would tell them that a restricted risk or register exists.
 */
function referencesNotVisible(workspace: Workspace, person: Person, risk: Risk, file: string): Problem[] {
  const errors: Problem[] = [];
  risk.linkedRisks?.forEach((id, i) => {
    const home = id === risk.id ? undefined : findRisk(workspace, id);
    if (id !== risk.id && !(home && mayNameRegisterOf(workspace, person, home.registerId, id))) {
      errors.push(error(file, `no risk you may see has the id ${id}: correct the id or remove the link`, { path: `linkedRisks[${i}]` }));
    }
  });
  if (risk.status === 'moved' && risk.movedTo !== undefined && !mayNameRegisterOf(workspace, person, risk.movedTo)) {
    errors.push(error(file, `no register you may see has the id "${risk.movedTo}": correct movedTo`, { path: 'movedTo' }));
  }
  return errors;
}

export function submitterOf(person: Person): { id: string; name: string; email: string } {
  return { id: person.id, name: person.name, email: person.email ?? `${person.id}@users.oversight.invalid` };
}

export function reviewersFor(workspace: Workspace, register: RegisterEntry): string[] {
  const owner = workspace.people.find((p) => p.id === register.register.owner);
  return owner?.github !== undefined ? [owner.github] : [];
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text for a commit message: git refuses a NUL byte, and other control characters only confuse a reader. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

function isRiskFileFor(path: string, riskId: string): boolean {
  const parts = path.split('/');
  return parts.length === 4 && parts[0] === REGISTERS_DIR && parts[2] === RISKS_DIR_NAME && parts[3] === `${riskId}.json`;
}

function invalidRisk(fields: FieldError[]): ProposeResult {
  return { kind: 'invalid', message: 'The new risk could not be proposed: correct the fields listed.', fields };
}

function newRiskBody(risk: Risk, register: RegisterEntry, workspace: Workspace, person: Person): string {
  const scheme = workspace.settings.scoring;
  const rating = (r: Risk['current'] | undefined): string => {
    if (r === undefined) return 'not set';
    const rated = rate(r, scheme);
    return `${rated.rating} (${rated.band.name})`;
  };
  const name = (id: string): string => workspace.people.find((p) => p.id === id)?.name ?? id;
  const rows: [string, string][] = [
    ['Register', register.register.name],
    ['Title', risk.title],
    ['Owners', risk.owners.map(name).join(', ')],
    ['Current rating', rating(risk.current)],
    ['Target rating', rating(risk.target)],
    ['Category', risk.category ?? 'not set'],
    ['Status', risk.status],
  ];
  return [
    `**${risk.id}: ${oneLine(risk.title)}** (new risk)`,
    '',
    `Submitted by ${person.name} (${person.id}).`,
    '',
    '| Field | Value |',
    '| --- | --- |',
    ...rows.map(([field, value]) => `| ${tableCell(field)} | ${tableCell(value)} |`),
  ].join('\n');
}
