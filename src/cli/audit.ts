import { DATA_DIR_OPTION, dataDirOption, runCommand, UsageError } from './args.ts';
import { isCalendarDay } from '../core/schemas/common.ts';
import { withByteOrderMark } from '../core/csv/encoding.ts';
import { loadWorkspace } from '../core/data/load.ts';
import { readDataDir } from '../core/data/read-dir.ts';
import { isPublished, type Workspace } from '../core/data/workspace.ts';
import { auditCsv, auditedRegisters, auditPersonKeys, auditRows, auditText } from '../core/history/audit.ts';
import type { History } from '../core/history/history.ts';
import { publishedHistory } from '../core/history/published.ts';
import { CHANGE_KINDS, type ChangeKind } from '../core/history/diff.ts';
import { formatProblem } from '../core/problems.ts';
import { plural } from '../core/words.ts';
import { readHistory } from '../node/history/read-history.ts';

const USAGE = `Usage: npm run audit -- [--from DATE] [--to DATE] [--csv] [--register ID] [--person NAME] [--change TYPE] [--include-restricted] [--data-dir DIR]

Every change to the risks and registers that reached the branch checked out, from the git
history of the data directory (OVERSIGHT_DATA_DIR, else ./data; or --data-dir), between two
days (YYYY-MM-DD, inclusive; default: all of it). Each change says who wrote, submitted and
merged it, and is flagged:
  direct         it reached the branch without a merged proposal
  self-approved  it was merged by the person who submitted it
  invalid        the data did not validate at that commit
--csv prints CSV with the header
  date,commit,register,risk,change,before,after,author,submitter,proposal,merged_by,flags
where before and after are the current rating (likelihood × impact).
Change types: ${CHANGE_KINDS.join(', ')}.
Like the site's audit page, it covers the registers the site publishes. --include-restricted
adds restricted registers, and registers no longer in the data directory (whose
classification can no longer be checked), as \`npm run build -- --include-restricted\` would.`;

function day(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDay(value)) throw new UsageError(`${option} must be a date written as YYYY-MM-DD, e.g. 2026-04-01, not "${value}"`);
  return value;
}

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  csv: { type: 'boolean', default: false },
  register: { type: 'string' },
  person: { type: 'string' },
  change: { type: 'string' },
  'include-restricted': { type: 'boolean', default: false },
  ...DATA_DIR_OPTION,
} as const;

/** `npm run audit`: the audit trail from git, as a table or CSV. */
await runCommand({ usage: USAGE, options: OPTIONS }, async ({ values }) => {
  const from = day(values.from, '--from');
  const to = day(values.to, '--to');
  if (from !== undefined && to !== undefined && from > to) throw new UsageError(`--from (${from}) is after --to (${to}): swap them`);
  const change = values.change;
  if (change !== undefined && !(CHANGE_KINDS as readonly string[]).includes(change)) {
    throw new UsageError(`--change must be one of ${CHANGE_KINDS.join(', ')}, not "${change}"`);
  }

  const dir = dataDirOption(values['data-dir']);
  const read = await readHistory({ dataDir: dir });
  if (!read.inRepository) {
    console.error(`error: ${dir} is not in a git repository: the audit trail is read from git history`);
    return 1;
  }
  for (const problem of read.problems) console.error(formatProblem(problem));
  // A register or person that is not there would give "0 changes", as if nothing had happened.
  const { workspace } = loadWorkspace(readDataDir(dir));
  const withRestricted = values['include-restricted'];
  const published = new Set(workspace.registers.filter((r) => isPublished(r.register, withRestricted)).map((r) => r.register.id));
  // Without --include-restricted, as the site publishes it: a restricted register is not named even where a risk moved to or from it.
  const history = withRestricted ? read.history : publishedHistory(read.history, published);
  const rows = auditRows(history, {
    from,
    to,
    registers: values.register !== undefined ? new Set([knownRegister(values.register, workspace, read.history, dir, withRestricted)]) : withRestricted ? undefined : published,
    person: values.person === undefined ? undefined : knownPerson(values.person, workspace, read.history),
    change: change as ChangeKind | undefined,
  });
  if (values.csv) {
    // With the byte-order mark, as `npm run export` writes, so the file opens in Excel with accented names intact.
    process.stdout.write(withByteOrderMark(auditCsv(rows)));
    return 0;
  }
  const flagged = rows.filter((r) => r.flags.length > 0).length;
  if (rows.length > 0) console.log(auditText(rows));
  console.log(`${plural(rows.length, 'change')}${from !== undefined || to !== undefined ? ` from ${from ?? 'the start'} to ${to ?? 'today'}` : ''}, ${flagged} flagged.`);
  return 0;
});

/** The register id, if the data directory or its history has such a register and the audit may cover it. */
function knownRegister(id: string, workspace: Workspace, history: History, dir: string, withRestricted: boolean): string {
  const current = workspace.registers.find((r) => r.register.id === id);
  if (current && isPublished(current.register, withRestricted)) return id;
  if (current) throw new Error(`the ${id} register is restricted, so the audit leaves it out as the site does: add --include-restricted to see its changes`);
  if (auditedRegisters(history).has(id)) {
    if (withRestricted) return id;
    throw new Error(`the ${id} register is no longer in ${dir}, so it is not published: add --include-restricted to see its changes`);
  }
  const known = new Set([...workspace.registers.filter((r) => isPublished(r.register, withRestricted)).map((r) => r.register.id), ...(withRestricted ? auditedRegisters(history) : [])]);
  const list = known.size === 0 ? 'there are none yet' : `the registers are ${[...known].sort().join(', ')}`;
  throw new Error(`no register has the id "${id}" in ${dir} or its git history: ${list}`);
}

/** What the history may call the person (see auditPersonKeys), if people.json or the history knows them. */
function knownPerson(text: string, workspace: Workspace, history: History): string[] {
  const inPeople = auditPersonKeys(text, workspace.people);
  if (inPeople !== undefined) return inPeople;
  if (auditRows(history, { person: text }).length > 0) return [text];
  throw new Error(
    `nobody called "${text}" is in people.json or the git history: give a person's id, name or email as people.json has them, or a name or email as git log --format='%an <%ae>' shows it`,
  );
}
