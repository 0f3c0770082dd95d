// The optimizer parameters of the experiment table (β, β₂, ε, Muon's Newton–Schulz count, weight decay λ):
// URL keys beta, beta2, eps, ns, wd and the flags --beta, --beta2, --eps, --ns, --wd, each a comma list. An optimizer runs
// once per combination of the values of the parameters it reads (optimizers.ts lists them). They are
// written into a link only when they differ from their defaults, so every link made before they
// existed reads (and writes) the same.
import { parseNumber } from './param-values.ts';
import { excerpt } from './user-text.ts';
import {
  DEFAULT_OPTIMIZER_PARAMS,
  momentumBetaReaders,
  OPTIMIZER_PARAM_TRAITS,
  paramsOf,
  type OptimizerName,
  type OptimizerParamName,
  type OptimizerParams,
} from '../training/optimizers.ts';
import type { ParamSpec } from './param-spec.ts';
import { LabError } from '../types.ts';

/** Muon's Newton–Schulz iterations: 0 is the exact U Vᵀ; practice uses 5. */
const MAX_NS = 20;
const WD_USE = 'use a number ≥ 0 such as 0, 1e-3 or a list 0,1e-4,1e-3';
/** values per parameter list */
const MAX_PARAM_VALUES = 4;

function text(value: unknown): string {
  return typeof value === 'number' ? String(value) : excerpt(JSON.stringify(value) ?? String(value));
}

function listOf(key: OptimizerParamName, value: unknown, item: (entry: unknown) => number): { value: number[] } {
  if (!Array.isArray(value)) throw new LabError(`${key}: expected a list, got ${text(value)}`, key);
  if (value.length < 1) throw new LabError(`${key}: give at least 1 value`, key);
  if (value.length > MAX_PARAM_VALUES)
    throw new LabError(`${key}: ${value.length} values, at most ${MAX_PARAM_VALUES} allowed`, key);
  const items = value.map(item);
  const duplicate = items.find((entry, i) => items.indexOf(entry) !== i);
  if (duplicate !== undefined)
    throw new LabError(`${key}: ${text(duplicate)} is listed twice; list each value once`, key);
  return { value: items };
}

function splitList(raw: string): string[] {
  const trimmed = raw.trim();
  return trimmed === '' ? [] : trimmed.split(',').map((part) => part.trim());
}

/** A list of numbers in [0, max) (or [0, max] when `closed`), refused (never clamped) outside. */
function unitParam(
  key: 'beta' | 'beta2' | 'eps',
  max: number,
  closed: boolean,
  help: string,
): ParamSpec<readonly number[]> {
  const what = `use numbers from 0 to ${closed ? '' : 'below '}${max}, e.g. ${DEFAULT_OPTIMIZER_PARAMS[key]} or a list such as 0,${DEFAULT_OPTIMIZER_PARAMS[key]}`;
  const item = (value: unknown): number => {
    if (typeof value !== 'number' || !(value >= 0 && (closed ? value <= max : value < max))) {
      throw new LabError(`${key}: ${text(value)} is out of range; ${what}`, key);
    }
    return value === 0 ? 0 : value; // −0 would not survive the text round trip
  };
  return {
    key,
    type: 'list',
    default: [DEFAULT_OPTIMIZER_PARAMS[key]],
    bounds: `1..${MAX_PARAM_VALUES} numbers, ${closed ? `0..${max}` : `0 ≤ ${key} < ${max}`}`,
    help,
    omitWhenDefault: true,
    parse: (raw) => splitList(raw).map((part) => parseNumber(part, key, what)),
    format: (value) => value.map(String).join(','),
    check: (value) => listOf(key, value, item),
  };
}

/** "a, b and c" */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

export const OPTIMIZER_PARAM_TABLE: { readonly [P in OptimizerParamName]: ParamSpec<readonly number[]> } = {
  beta: unitParam(
    'beta',
    1,
    false,
    `momentum β of ${listed(momentumBetaReaders())}, and Adam's β₁; a list runs each value`,
  ),
  beta2: unitParam('beta2', 1, false, "Adam's β₂; a list runs each value"),
  eps: unitParam('eps', 1, true, "Adam's ε (0 allowed: Adam without ε); a list runs each value, e.g. 0,1e-8"),
  ns: {
    key: 'ns',
    type: 'list',
    default: [DEFAULT_OPTIMIZER_PARAMS.ns],
    bounds: `1..${MAX_PARAM_VALUES} whole numbers 0..${MAX_NS}`,
    omitWhenDefault: true,
    help: 'muon: 0 = exact U Vᵀ; n = n Newton–Schulz quintic iterations (5 in practice); a list runs each value',
    parse: (raw) =>
      splitList(raw).map((part) => {
        if (!/^\+?\d+$/.test(part))
          throw new LabError(`ns: "${excerpt(part)}" is not a whole number; use 0 (exact) to ${MAX_NS}, e.g. 5`, 'ns');
        return Number(part);
      }),
    format: (value) => value.map(String).join(','),
    check: (value) =>
      listOf('ns', value, (entry) => {
        if (typeof entry !== 'number' || !Number.isInteger(entry) || entry < 0 || entry > MAX_NS) {
          throw new LabError(`ns: ${text(entry)} is not an iteration count; use 0 (exact) to ${MAX_NS}, e.g. 5`, 'ns');
        }
        return entry;
      }),
  },
  wd: {
    key: 'wd',
    type: 'list',
    default: [DEFAULT_OPTIMIZER_PARAMS.wd],
    bounds: `1..${MAX_PARAM_VALUES} numbers ≥ 0, each with λ·η < 1`,
    omitWhenDefault: true,
    help: 'decoupled weight decay λ for every optimizer: W ← (1 − η_t λ) W, then the step (adam: AdamW); a list runs each value',
    parse: (raw) => splitList(raw).map((part) => parseNumber(part, 'wd', WD_USE)),
    format: (value) => value.map(String).join(','),
    check: (value) =>
      listOf('wd', value, (entry) => {
        if (typeof entry !== 'number' || !(entry >= 0) || !Number.isFinite(entry))
          throw new LabError(`wd: ${text(entry)} is not a decay; ${WD_USE}`, 'wd');
        return entry === 0 ? 0 : entry;
      }),
  },
};

/**
 * λ·η_t ≥ 1 turns W ← (1 − η_t λ) W into a sign flip or a reset: refused by field, with the largest λ
 * that the experiment's largest η allows (η_t ≤ η for every schedule).
 */
export function weightDecayError(wd: readonly number[], lrs: readonly number[]): string | null {
  const eta = Math.max(...lrs);
  const bad = wd.find((l) => l * eta >= 1);
  if (bad === undefined) return null;
  return `λ·η = ${Number((bad * eta).toPrecision(3))} ≥ 1 at λ = ${bad}, η = ${eta}: each step would flip or zero W; use λ below 1/η = ${Number((1 / eta).toPrecision(3))}`;
}

type ParamLists = { readonly [P in OptimizerParamName]: readonly number[] };

/** Every combination of the values of the parameters `optimizer` reads (the others at their lists' first value). */
export function optimizerSettings(optimizer: OptimizerName, lists: ParamLists): OptimizerParams[] {
  let combos: OptimizerParams[] = [
    { beta: lists.beta[0], beta2: lists.beta2[0], eps: lists.eps[0], ns: lists.ns[0], wd: lists.wd[0] },
  ];
  for (const p of paramsOf(optimizer)) {
    combos = combos.flatMap((c) => lists[p].map((value) => ({ ...c, [p]: value })));
  }
  return combos;
}

/** Runs per loss, seed and step size: Σ over the optimizers of their parameter combinations. */
export function runsPerSetting(optimizers: readonly OptimizerName[], lists: ParamLists): number {
  return optimizers.reduce((sum, o) => sum + paramsOf(o).reduce((n, p) => n * lists[p].length, 1), 0);
}

/** The legend's note of an optimizer's settings: each parameter it reads that is not at its default or is varied (" β=0.5 ε=0"). */
export function settingsLabel(optimizer: OptimizerName, settings: OptimizerParams, lists: ParamLists): string {
  return paramsOf(optimizer)
    .filter((p) => settings[p] !== DEFAULT_OPTIMIZER_PARAMS[p] || lists[p].length > 1)
    .map((p) => ` ${OPTIMIZER_PARAM_TRAITS[p].symbol}=${settings[p]}`)
    .join('');
}
