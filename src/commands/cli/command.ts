/**
 * What every CloudHSM CLI command file exports (one command per file; cloudhsm-cli.md §3). A
 * command is a path of words and a table of long options, as data: the table drives parsing and
 * clap's argument errors (§2.3, §2.7), the help text (§1.3), completion and the redaction rule.
 * `run` gets the options already parsed and checked against the table, calls the operations layer
 * (src/hsm/ops/cli-*.ts and the operations every console shares) and returns the JSON `data` of a
 * success or the refusal of a failure; the program prints the envelope (§2.6).
 */
import type { CliSession } from '../../hsm/cli-session';
import type { CliRefusal } from '../../hsm/ops/cli-refusal';
import type { Hsm } from '../../hsm/world';
import type { ValueKind } from '../flags';

/** A JSON value as the CLI prints it: objects keep their keys in insertion order (the spec's order). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject { readonly [key: string]: JsonValue }

/** One long option of a command (the rows of a §3 options table, in the spec's order). */
export interface CliOption {
  /** The long name without dashes: `label` for `--label`. */
  long: string;
  /** A short form without its dash (`v` for `-v, --verbose`). */
  short?: string;
  /** The value's placeholder without brackets (`LABEL`, `KEY_LENGTH_BYTES`); absent: a boolean flag. */
  value?: string;
  /** Takes every following token up to the next flag, may be repeated (§2.3): `[<FILTER>...]`. */
  multi?: boolean;
  required?: boolean;
  /**
   * Alternatives: exactly one of the options with the same `oneOf` name is required, and the usage
   * line prints them as `<--data-path <DATA_PATH>|--data <DATA>>` (§2.3).
   */
  oneOf?: string;
  /** A decimal integer (clap's `invalid digit found in string` otherwise, §2.7). */
  numeric?: boolean;
  /** Fixed values, printed `[possible values: a, b]` (clap's `invalid value` otherwise). */
  possible?: readonly string[];
  /** Fixed values with a description each: the `Possible values:` block of §1.3. */
  described?: readonly { readonly value: string; readonly help: string }[];
  /** Printed `[default: n]`. */
  default?: string;
  /** The help text, quoted from the page. */
  description: string;
  /** A password (`--password`): the one redaction rule hides its value everywhere it is kept. */
  secret?: boolean;
  /** What completion offers for the value (file names, user names …); 'none' by default. */
  complete?: ValueKind;
}

/** The parsed options of one command line, checked against the command's table. */
export interface CliArgs {
  /** The value of a single-value option, or undefined when it was not given. */
  value(long: string): string | undefined;
  /** Every value of a multi-value option, in order, repeats appended (§2.3); [] when not given. */
  values(long: string): readonly string[];
  /** Whether a boolean option (or any option) was given. */
  has(long: string): boolean;
}

export interface CliContext {
  hsm: Hsm;
  session: CliSession;
  /** The host shell's current directory: `--path` and friends are relative to it (§2.5). */
  cwd: string;
  /** Ask for a line (`Enter password:`); the prompt is shown at once, without newline. */
  readLine(prompt: string, hidden: boolean): Promise<string>;
}

/** The outcome of one command: the `data` of a success or the refusal of a failure. */
export type CliResult =
  | { readonly ok: true; readonly data: JsonValue; readonly codes?: readonly number[] }
  | { readonly ok: false; readonly refusal: CliRefusal };

export interface CliCommand {
  /** The command path (`['key', 'generate-symmetric', 'aes']`). */
  path: readonly string[];
  /** The about line of its help; absent for `key wrap …` and `key unwrap …` (§1.3). */
  about?: string;
  /** The usage line after `Usage: `, without `cloudhsm-cli ` (added in single-command mode, G-CLI-37). */
  usage: string;
  /**
   * The options in the order of the spec's table, without `--cluster-id` (first in every help) and
   * `-h, --help` (last): the parser and the help add those two to every command.
   */
  options: readonly CliOption[];
  /** Needs no HSM that is up (help-like commands: `logout` still needs one; §5.8). */
  offline?: boolean;
  /** §3.24: listed, its help printable; running it answers `<path> is not available in this playground yet`. */
  stub?: boolean;
  run(ctx: CliContext, args: CliArgs): Promise<CliResult>;
}

/** A command that is only listed (§3.24): its help prints, running it answers the playground's refusal. */
export function stubCommand(path: readonly string[], about: string | undefined, usage: string, options: readonly CliOption[] = []): CliCommand {
  return {
    path, about, usage, options, stub: true,
    run: async () => ({ ok: false, refusal: { error: 'unavailable', path: path.join(' ') } }),
  };
}
