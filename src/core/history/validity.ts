/**
 * Does the data validate at each commit? Checked incrementally while history is replayed:
 * each commit's changed files, plus the cross-file checks its changes affect.
 *
 *  - A commit that changes only risk files: each changed risk is parsed and checked against
 *    the rest (people, registers, linked risks, a unique id, dates as at the commit), and a
 *    risk that links to a risk the commit deleted is checked again. Nothing else is: a
 *    commit is judged on what it changed, and 100,000 commits each re-checking every
 *    register cost a third of reading the history.
 *  - A commit that changes anything else (oversight.json, people.json, roles.json, a
 *    register.json): everything is checked, as `npm run validate` would have at that commit.
 *
 * Only errors count: warnings (an overdue review) never make a commit invalid.
 */
import { classifyPath, REGISTER_FILE_NAME } from '../data/paths.ts';
import { checkFiles, riskReferences, validateRisks, type RiskReferences } from '../data/validate.ts';
import type { RegisterEntry, RiskEntry, Workspace } from '../data/workspace.ts';
import { describeJsonError, parseJsonFile } from '../data/serialize.ts';
import { error, parseWithProblems, type Problem } from '../problems.ts';
import { RiskSchema, type Risk } from '../schemas/risk.ts';

/**
 * One risk file checked as loadWorkspace checks it: JSON, then the schema; errors only. `json`
 * is the file already parsed, when it was valid JSON; otherwise the text is parsed for the error.
 */
function parseRisk(path: string, text: string, json: unknown): { risk: Risk | undefined; problems: Problem[] } {
  if (json === undefined) {
    try {
      json = parseJsonFile(text);
    } catch (err) {
      return { risk: undefined, problems: [error(path, describeJsonError(text, err))] };
    }
  }
  const result = parseWithProblems(RiskSchema, json, path);
  return { risk: result.value, problems: result.problems };
}

/** The file's JSON, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return parseJsonFile(text);
  } catch {
    return undefined;
  }
}

/** A file's JSON as the caller already has it (an object), else null or undefined: parse the text. */
export type KnownJson = (path: string) => object | null | undefined;

export class IncrementalValidator {
  private readonly files = new Map<string, string>();
  /** Risk files by path: what they link to, and their JSON (undefined: not JSON), parsed once. */
  private readonly risks = new Map<string, { registerId: string; riskId: string; links: string[]; json: unknown }>();
  private readonly filesPerId = new Map<string, number>();
  private readonly linkedBy = new Map<string, Set<string>>();
  /** As of the last full check: the workspace without registers, each register without its risks, and what risks may name. */
  private base: { workspace: Workspace; registersById: Map<string, RegisterEntry>; references: RiskReferences } | null = null;

  /**
   * Applies one commit's changes (content null: deleted) and returns the errors they cause.
   * `known` gives files the caller has parsed already, so that no risk file is parsed twice.
   */
  apply(changes: ReadonlyMap<string, string | null>, now: Date, known?: KnownJson): Problem[] {
    let full = this.base === null;
    const touched = new Set<string>();
    for (const [path, content] of changes) {
      const where = classifyPath(path);
      if (where.kind === 'other') continue;
      if (content === null) this.files.delete(path);
      else this.files.set(path, content);
      if (where.kind === 'risk') {
        this.forgetRisk(path);
        if (content !== null) this.rememberRisk(path, where.registerId, where.riskId, known?.(path) ?? parseJson(content));
        touched.add(path);
        if (content === null || (this.filesPerId.get(where.riskId) ?? 0) === 0) {
          for (const linker of this.linkedBy.get(where.riskId) ?? []) touched.add(linker);
        }
      } else {
        full = true;
      }
    }
    if (full) return this.checkAll(now);
    return this.checkRisks([...touched].filter((p) => this.files.has(p)), now);
  }

  private rememberRisk(path: string, registerId: string, riskId: string, json: unknown): void {
    const linked = typeof json === 'object' && json !== null ? (json as { linkedRisks?: unknown }).linkedRisks : undefined;
    const links = Array.isArray(linked) ? linked.filter((l): l is string => typeof l === 'string') : [];
    this.risks.set(path, { registerId, riskId, links, json });
    this.filesPerId.set(riskId, (this.filesPerId.get(riskId) ?? 0) + 1);
    for (const link of links) {
      const set = this.linkedBy.get(link) ?? new Set<string>();
      set.add(path);
      this.linkedBy.set(link, set);
    }
  }

  private forgetRisk(path: string): void {
    const known = this.risks.get(path);
    if (!known) return;
    this.risks.delete(path);
    this.filesPerId.set(known.riskId, (this.filesPerId.get(known.riskId) ?? 1) - 1);
    for (const link of known.links) this.linkedBy.get(link)?.delete(path);
  }

  private checkAll(now: Date): Problem[] {
    const { workspace, problems } = checkFiles(this.files, { now });
    const registersById = new Map(workspace.registers.map((r) => [r.register.id, { ...r, risks: [] }]));
    // Without its registers: each check of risks gives the registers it needs, from registersById.
    this.base = { workspace: { ...workspace, registers: [] }, registersById, references: riskReferences(workspace) };
    return problems.filter((p) => p.severity === 'error');
  }

  private checkRisks(paths: string[], now: Date): Problem[] {
    if (this.base === null || paths.length === 0) return [];
    const { workspace, registersById, references } = this.base;
    const problems: Problem[] = [];
    const byRegister = new Map<string, RiskEntry[]>();
    for (const path of paths) {
      const where = classifyPath(path);
      if (where.kind !== 'risk') continue;
      const parsed = parseRisk(path, this.files.get(path) ?? '', this.risks.get(path)?.json);
      problems.push(...parsed.problems);
      if (!registersById.has(where.registerId)) {
        problems.push(error(path, `register "${where.registerId}" has no ${REGISTER_FILE_NAME}: create it with an id, name and level`));
      } else if (parsed.risk !== undefined) {
        const list = byRegister.get(where.registerId) ?? [];
        list.push({ risk: parsed.risk, file: path, registerId: where.registerId, version: '' });
        byRegister.set(where.registerId, list);
      }
    }
    // Only the changed risks' registers: the registers themselves were checked when they last changed.
    const registers: RegisterEntry[] = [...byRegister].map(([id, risks]) => ({ ...registersById.get(id)!, risks }));
    const crossFile = validateRisks({ ...workspace, registers }, references, { now }).filter((p) => p.severity === 'error');
    const checked = new Map(registers.flatMap((r) => r.risks.map((e) => [e.file, e.risk] as const)));
    for (const p of crossFile) {
      // Only these risks were loaded: a link to a risk outside them is fine if that risk exists.
      const link = /^linkedRisks\[(\d+)\]$/.exec(p.path ?? '');
      const risk = checked.get(p.file);
      const linked = link && risk ? risk.linkedRisks?.[Number(link[1])] : undefined;
      if (linked !== undefined && linked !== risk?.id && (this.filesPerId.get(linked) ?? 0) > 0) continue;
      problems.push(p);
    }
    for (const path of paths) {
      const known = this.risks.get(path);
      if (known && (this.filesPerId.get(known.riskId) ?? 0) > 1) {
        problems.push(error(path, `risk id ${known.riskId} is used by more than one file: give one of them a new id`, { path: 'id' }));
      }
    }
    return problems;
  }
}
