// The shape of one parameter of the experiment table (experiment.ts) and of the optimizer parameters
// (optimizer-params.ts): its URL key, default, bounds, syntax and checker. Apart from both, so that
// the optimizer parameters need not import the experiment table that lists them.
import type { Experiment } from '../types.ts';

/** What a parameter's checker returns: the value to use and, when it was clamped, why and what it uses instead. */
export interface Checked<T> {
  readonly value: T;
  /** what is out of bounds, and the bound ("n: 999999 is above the maximum 100000") */
  readonly clamped?: string;
  /** what a reader that applies the clamp uses instead ("using 100000"); readers that refuse leave it out */
  readonly using?: string;
}

export interface ParamSpec<T> {
  /** the Experiment field, filled in from the experiment table (experiment.ts: PARAMS) */
  readonly field?: keyof Experiment;
  /** the key in the URL's query string */
  readonly key: string;
  readonly type: 'integer' | 'number' | 'choice' | 'list' | 'text';
  readonly default: T;
  /** the accepted values, in words */
  readonly bounds: string;
  readonly help: string;
  /** text → value; syntax errors throw LabError */
  readonly parse: (raw: string) => T;
  /** value → text that `parse` reads back exactly */
  readonly format: (value: T) => string;
  /** any value → a valid one; invalid values throw LabError, out-of-range sizes come back clamped with a note */
  readonly check: (value: unknown) => Checked<T>;
  /** left out of a link while it equals its default (keys added after links were shared) */
  readonly omitWhenDefault?: boolean;
}

/** One problem with one field of an experiment, as the URL codec, the page and the command line report it. */
export interface FieldError {
  field: string;
  message: string;
  /** true for a note that changed nothing the user asked for (an ignored unknown key) */
  warning?: boolean;
  /**
   * For a value out of bounds: what a reader that applies the clamp uses instead ("using 100000",
   * "keeping the first 42 seeds"). Not part of `message`, so a reader that refuses the value (the
   * command line, a typed field) does not claim to use something it then does not run.
   */
  using?: string;
}
