import { LabError } from '../core/types.ts';

/** Parsed command line: the command, its flags (last one wins) and positional words. */
export interface ParsedArgs {
  readonly command: string | undefined;
  readonly flags: ReadonlyMap<string, string>;
  readonly positional: readonly string[];
}

/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['help', 'quiet', 'pretty', 'final-only']);

/** `--name value`, `--name=value` and boolean `--name`; anything else is positional. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '-h') { flags.set('help', 'true'); continue; }
    if (!word.startsWith('--')) { positional.push(word); continue; }
    const eq = word.indexOf('=');
    const name = eq >= 0 ? word.slice(2, eq) : word.slice(2);
    if (!name) throw new LabError(`"${word}" is not a flag; flags look like --steps 1000`, word);
    if (eq < 0 && BOOLEAN_FLAGS.has(name)) { flags.set(name, 'true'); continue; }
    const value = eq >= 0 ? word.slice(eq + 1) : argv[i + 1];
    if (value === undefined || (eq < 0 && value.startsWith('--') && value.length > 2)) {
      throw new LabError(`--${name} needs a value, e.g. --${name} <value>`, `--${name}`);
    }
    // an empty value (--seed '', --margin=) is never read as 0 or as the default
    if (value.trim() === '') throw new LabError(`--${name} is empty; give it a value, e.g. --${name} <value>`, `--${name}`);
    flags.set(name, value);
    if (eq < 0) i++;
  }
  const [command, ...rest] = positional;
  return { command, flags, positional: rest };
}

/** Refuses flags a command does not know, naming the first one and the accepted list. */
export function checkFlags(args: ParsedArgs, allowed: readonly string[], command: string): void {
  for (const name of args.flags.keys()) {
    if (name === 'help' || allowed.includes(name)) continue;
    throw new LabError(
      `unknown flag --${name} for "${command}"; accepted: ${allowed.map((f) => `--${f}`).join(' ')}`,
      `--${name}`,
    );
  }
  if (args.positional.length > 0) {
    throw new LabError(`unexpected argument "${args.positional[0]}" for "${command}"; values follow their flag, e.g. --steps 1000`, args.positional[0]);
  }
}

/** A required flag's value, or a LabError naming it. */
export function requireFlag(args: ParsedArgs, name: string, example: string): string {
  const value = args.flags.get(name);
  if (value === undefined || value === '') throw new LabError(`missing --${name}; e.g. --${name} ${example}`, `--${name}`);
  return value;
}

/** A decimal integer flag within bounds (not 0x10, not 1e3), or a LabError naming the flag and the bounds. */
export function intFlag(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = args.flags.get(name);
  if (raw === undefined) return fallback;
  const value = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new LabError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`, `--${name}`);
  }
  return value;
}
