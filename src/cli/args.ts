import { excerpt } from '../core/experiment/user-text.ts';
import { LabError } from '../core/types.ts';

/** Parsed command line: the command, its flags (last one wins) and positional words. */
export interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: ReadonlyMap<string, string>;
  readonly positional: readonly string[];
  /**
   * Flags given without their value (`--steps` last, or `--bogus --steps 10`), in `flags` as ''.
   * checkFlags reports them after unknown flags, so a misspelt flag is named as unknown.
   */
  readonly valueless: ReadonlySet<string>;
}

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['help', 'quiet', 'pretty', 'final-only']);
/** The values a boolean flag may be given (`--quiet=no`), as scripts write them. */
const BOOLEAN_VALUES: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  1: true,
  false: false,
  no: false,
  0: false,
};

/** `--name value`, `--name=value` and boolean `--name` (or `--name=true|false|yes|no|1|0`); anything else is positional. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string>();
  const valueless = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '-h') {
      flags.set('help', 'true');
      continue;
    }
    if (!word.startsWith('--')) {
      positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = eq >= 0 ? word.slice(2, eq) : word.slice(2);
    if (!name) throw new LabError(`"${excerpt(word)}" is not a flag; flags look like --steps 1000`, word);
    if (BOOLEAN_FLAGS.has(name)) {
      setBoolean(flags, name, eq >= 0 ? word.slice(eq + 1) : undefined);
      continue;
    }
    const value = eq >= 0 ? word.slice(eq + 1) : argv[i + 1];
    valueless.delete(name);
    if (value === undefined || (eq < 0 && value.startsWith('--') && value.length > 2)) {
      // not refused here: an unknown flag (--bogus --steps 10) is better named as unknown (checkFlags)
      flags.set(name, '');
      valueless.add(name);
      continue;
    }
    // an empty value (--seed '', --margin=) is never read as 0 or as the default
    if (value.trim() === '')
      throw new LabError(`--${excerpt(name)} is empty; give it a value, e.g. --${excerpt(name)} <value>`, `--${name}`);
    flags.set(name, value);
    if (eq < 0) i++;
  }
  const [command, ...rest] = positional;
  return { command, flags, positional: rest, valueless };
}

/** A boolean flag: present is true; `=false` (no, 0) means absent, so the last one given wins either way. */
function setBoolean(flags: Map<string, string>, name: string, value: string | undefined): void {
  const meaning = value === undefined ? true : BOOLEAN_VALUES[value.trim().toLowerCase()];
  if (meaning === undefined) {
    throw new LabError(
      `--${name} takes no value (or one of true, false, yes, no, 1, 0), got "${excerpt(value ?? '')}"; write --${name} alone to turn it on`,
      `--${name}`,
    );
  }
  if (meaning) flags.set(name, 'true');
  else flags.delete(name);
}

/** Refuses flags a command does not know, naming the first one and the accepted list. */
export function checkFlags(args: ParsedArgs, allowed: readonly string[], command: string): void {
  for (const name of args.flags.keys()) {
    if (name === 'help' || allowed.includes(name)) continue;
    const near = nearestFlag(name, allowed);
    throw new LabError(
      `unknown flag --${excerpt(name)} for "${command}"${near ? ` (did you mean --${near}?)` : ''}; accepted: ${allowed.map((f) => `--${f}`).join(' ')}`,
      `--${name}`,
    );
  }
  const [valueless] = args.valueless;
  if (valueless !== undefined)
    throw new LabError(`--${valueless} needs a value, e.g. --${valueless} <value>`, `--${valueless}`);
  if (args.positional.length > 0) {
    throw new LabError(
      `unexpected argument "${excerpt(args.positional[0])}" for "${command}"; values follow their flag, e.g. --steps 1000`,
      args.positional[0],
    );
  }
}

/** The accepted flag a misspelling most likely meant: at most 2 edits away (--step, --optimiser), else none. */
function nearestFlag(name: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const flag of allowed) {
    const distance = editDistance(name, flag, bestDistance);
    if (distance < bestDistance) [best, bestDistance] = [flag, distance];
  }
  return best;
}

/** Levenshtein distance, or `cap` once it reaches cap (names far apart, or a 100 KB word, cost little). */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) >= cap) return cap;
    previous = current;
  }
  return Math.min(previous[b.length], cap);
}

/** A required flag's value, or a LabError naming it. */
export function requireFlag(args: ParsedArgs, name: string, example: string): string {
  const value = args.flags.get(name);
  if (value === undefined || value === '')
    throw new LabError(`missing --${name}; e.g. --${name} ${example}`, `--${name}`);
  return value;
}

/** A decimal integer flag within bounds (not 0x10, not 1e3), or a LabError naming the flag and the bounds. */
export function intFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  const value = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new LabError(`--${name} must be an integer from ${min} to ${max}, got "${excerpt(raw)}"`, `--${name}`);
  }
  return value;
}
