/**
 * What every command does with its command line, in one place: strict node:util parseArgs,
 * `--help` (`-h`) printing the usage (exit 0), and a mistake in the arguments printed as the
 * error and then the usage (exit 1). Any other failure prints its message alone and exits 1;
 * a fault in the code itself (a TypeError and the like) prints its stack trace as well.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { assertDataDir, DataDirNotFoundError } from '../core/data/read-dir.ts';
import { dataDir, fromWhereRun } from '../node/config.ts';

/** A mistake in how the command was called: reported with the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** `--data-dir DIR`, for the commands that read or write the data directory. */
export const DATA_DIR_OPTION = { 'data-dir': { type: 'string' } } as const;

export interface Command<O extends Options> {
  usage: string;
  options: O;
  /** Whether the command takes arguments that are not options (a file, a subcommand). */
  positionals?: boolean;
  /** Whether `--no-X` turns off a boolean option X that defaults to true. */
  allowNegative?: boolean;
}

type Config<O extends Options> = { args: string[]; options: O & typeof HELP; strict: true; allowPositionals: boolean; allowNegative: boolean };

/** The parsed command line: `values` typed from the command's options, and `positionals`. */
export type CommandLine<O extends Options> = ReturnType<typeof parseArgs<Config<O>>>;

/** Runs a command with the program's arguments and sets the exit code. */
export async function runCommand<const O extends Options>(command: Command<O>, main: (line: CommandLine<O>) => Promise<number> | number): Promise<void> {
  process.exitCode = await exitCode(command, main, process.argv.slice(2));
}

/**
 * The command line of a script that does its work at the top level (the bench), by the same
 * rules: `--help` prints the usage and exits 0; a mistake prints it with the usage and exits 1.
 */
export function commandLineOrExit<const O extends Options>(command: Command<O>): CommandLine<O> {
  try {
    const line = readCommandLine(command, process.argv.slice(2));
    if (line === undefined) process.exit(0);
    return line;
  } catch (err) {
    if (!isParseArgsError(err)) throw err;
    return usageExit(command, err.message);
  }
}

/** A mistake in the command line, as every command reports it: the error, the usage, exit 1. */
export function usageExit(command: Pick<Command<Options>, 'usage'>, message: string): never {
  console.error(usageMistake(command, message));
  process.exit(1);
}

/** The parsed command line; undefined once the usage is printed for `--help`. A mistake in it throws. */
function readCommandLine<O extends Options>(command: Command<O>, argv: string[]): CommandLine<O> | undefined {
  const config: Config<O> = { args: argv, options: { ...command.options, ...HELP }, strict: true, allowPositionals: command.positionals ?? false, allowNegative: command.allowNegative ?? false };
  const line = parseArgs(config);
  if ((line.values as { help?: boolean }).help !== true) return line;
  console.log(command.usage);
  return undefined;
}

function usageMistake(command: Pick<Command<Options>, 'usage'>, message: string): string {
  return `error: ${message}\n\n${command.usage}`;
}

async function exitCode<O extends Options>(command: Command<O>, main: (line: CommandLine<O>) => Promise<number> | number, argv: string[]): Promise<number> {
  try {
    const line = readCommandLine(command, argv);
    return line === undefined ? 0 : await main(line);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) console.error(usageMistake(command, err.message));
    else if (err instanceof DataDirNotFoundError) console.error(`error: ${err.message}: ${DATA_DIR_HINT}`);
    else if (isProgrammingError(err)) console.error(`error: ${err.stack ?? err.message}`);
    else console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

/** A fault in the code rather than in what it was given: its stack trace is what a maintainer needs. */
function isProgrammingError(err: unknown): err is Error {
  return err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError;
}

/** parseArgs throws TypeErrors with an ERR_PARSE_ARGS_* code for unknown options, missing values and the like. */
function isParseArgsError(err: unknown): err is TypeError {
  return err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
}

/** How the data directory was chosen, for when it is not there: a typo in either is the usual cause. */
const DATA_DIR_HINT = 'check OVERSIGHT_DATA_DIR or --data-dir (without either, it is data/ in the project)';

/**
 * The data directory: --data-dir, else OVERSIGHT_DATA_DIR, else data/ in the project.
 * Throws DataDirNotFoundError, before the command does anything, when it is not a folder.
 */
export function dataDirOption(value: string | undefined): string {
  if (value === '') throw new UsageError('--data-dir needs a folder');
  const dir = value === undefined ? dataDir() : fromWhereRun(value);
  assertDataDir(dir);
  return dir;
}
