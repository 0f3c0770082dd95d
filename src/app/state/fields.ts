// The experiment panel's controls, one per URL field of the core's parameter table. The text a
// control shows is the field exactly as the URL codec writes it, so what you see is what you share.
import { PARAMS } from '../../core/experiment/experiment.ts';
import { getLoss } from '../../core/training/losses.ts';
import { OPTIMIZER_PARAM_NAMES, OPTIMIZER_PARAM_TRAITS, OPTIMIZERS, paramsOf } from '../../core/training/optimizers.ts';
import { predictedBias } from '../../core/theory/predicted-bias.ts';
import { safeStepBound, stepAdvice } from '../../core/training/step-size.ts';
import { encodeExperiment } from '../../core/experiment/url.ts';
import {
  DATASET_NAMES,
  ENGINE_NAMES,
  LOSS_NAMES,
  OPTIMIZER_NAMES,
  SCHEDULE_NAMES,
  type Experiment,
  type Problem,
} from '../../core/types.ts';
import type { FieldView } from '../../../components/controls/experiment-panel.ts';

/** Fields the panel never shows: set by uploading or by the link itself. */
const NOT_CONTROLS = new Set(['v', 'upload', 'hide', 'scale']);

type Ui = Pick<FieldView, 'label' | 'kind' | 'options' | 'wide'> & {
  chips?: readonly { value: string; label: string; title?: string }[];
};

const choice = (names: readonly string[]) => names.map((n) => ({ value: n, label: n }));

const NORM_LABEL = { fro: 'Frobenius', max: 'max-norm', spectral: 'spectral', nuclear: 'nuclear' } as const;

/** The optimizer parameters, shown only while a chosen optimizer reads them; labelled by their table. */
const OPTIMIZER_PARAM_KEYS: readonly string[] = OPTIMIZER_PARAM_NAMES;
const OPTIMIZER_PARAM_UI = Object.fromEntries(
  OPTIMIZER_PARAM_NAMES.map((p) => [p, { label: OPTIMIZER_PARAM_TRAITS[p].label, kind: 'text' } as Ui]),
);

/** How each URL field is edited; fields missing here are free text labelled by their key. */
const FIELD_UI: Record<string, Ui> = {
  data: {
    label: 'Dataset',
    kind: 'select',
    wide: true,
    options: DATASET_NAMES.map((n) => ({
      value: n,
      label:
        n === 'paper' ? 'paper (authors’ generator)' : n === 'blobs' ? 'Gaussian blobs with a margin' : 'uploaded file',
    })),
  },
  n: { label: 'N (examples)', kind: 'text' },
  d: { label: 'd (features)', kind: 'text' },
  k: { label: 'K (classes)', kind: 'text' },
  margin: { label: 'Blob margin', kind: 'text' },
  seeds: { label: 'Seeds (e.g. 0..9)', kind: 'text' },
  loss: {
    label: 'Losses',
    kind: 'text',
    chips: LOSS_NAMES.map((n) => {
      const loss = getLoss(n);
      const et = loss.et ? ' (ET: exponential tail, the paper’s condition for turning toward Ŵ)' : '';
      return { value: n, label: `${n}${loss.et ? ' · ET' : ''}`, title: `${loss.label}${et}: ${loss.why}` };
    }),
  },
  opt: {
    label: 'Optimizers (→ the norm whose max margin each is predicted to reach)',
    kind: 'text',
    chips: OPTIMIZER_NAMES.map((n) => {
      const o = OPTIMIZERS[n];
      // the one prediction function (core/predicted-bias.ts): Adam's depends on ε and, for ε > 0, on the time scale
      const p = predictedBias({ optimizer: n });
      const bias = p.early ? `${NORM_LABEL[p.early]} (ε > 0: ${NORM_LABEL[p.eventual]} late)` : NORM_LABEL[p.eventual];
      return { value: n, label: `${o.label} → ${bias}`, title: `${o.rule}. ${o.biasSource}` };
    }),
  },
  ...OPTIMIZER_PARAM_UI,
  schedule: { label: 'Step schedule', kind: 'select', options: choice(SCHEDULE_NAMES) },
  lr: { label: 'η (one or a list)', kind: 'text' },
  steps: { label: 'Steps', kind: 'text' },
  init: { label: 'Init', kind: 'text' },
  engine: { label: 'Engine', kind: 'select', options: choice(ENGINE_NAMES) },
  snapshots: { label: 'Region snapshots at t', kind: 'text' },
};

export function fieldViews(
  experiment: Experiment,
  errors: ReadonlyMap<string, { raw: string; message: string }>,
  hidden: ReadonlySet<string>,
  lrHint: string,
  lrWarning = '',
): FieldView[] {
  const written = new URLSearchParams(encodeExperiment(experiment));
  return PARAMS.filter((p) => !NOT_CONTROLS.has(p.key)).map((p) => {
    const ui = FIELD_UI[p.key] ?? { label: p.key, kind: 'text' as const };
    const error = errors.get(p.key);
    // keys a link leaves out at their default still show their value
    const value =
      error?.raw ??
      written.get(p.key) ??
      (p.omitWhenDefault ? (p.format as (v: unknown) => string)(experiment[p.field]) : '');
    const on = new Set(value.split(',').map((s) => s.trim()));
    return {
      name: p.key,
      label: ui.label,
      kind: ui.kind,
      value,
      options: ui.options,
      wide: ui.wide,
      chips: ui.chips?.map((c) => ({ ...c, on: on.has(c.value) })),
      help: p.help,
      hint: p.key === 'lr' ? lrHint : undefined,
      hintTitle: p.key === 'lr' ? BETA_MEANING : undefined,
      warning: p.key === 'lr' && lrWarning ? lrWarning : undefined,
      error: error?.message,
      hidden:
        hidden.has(p.key) ||
        (p.key === 'margin' && experiment.data !== 'blobs') ||
        (OPTIMIZER_PARAM_KEYS.includes(p.key) &&
          !experiment.optimizers.some((o) => (paramsOf(o) as readonly string[]).includes(p.key))),
    };
  });
}

/** The safe step-size bound from the data for each loss. */
export function stepHint(experiment: Experiment, problem: Problem | undefined): string {
  if (!problem) return 'safe η bound: shown once the data are built';
  const bounds = experiment.losses.map((loss) => {
    const bound = safeStepBound(loss, problem);
    return `${loss} ${Number.isFinite(bound) ? `< ${Number(bound.toPrecision(3))}` : ': no global bound'}`;
  });
  return `safe η (2N/(β σ_max(X)²)): ${bounds.join(', ')}`;
}

const short = (x: number) => String(Number(x.toPrecision(3)));

/** β in the bound, said once wherever the bound is (a sweep's warning, the hint's tooltip). */
export const BETA_MEANING =
  'β: the smoothness constant of the loss (the most its curvature can be along the margins), so any η below the bound lowers the training loss at every step';

/**
 * The η values above a loss's safe bound, said beside the η field before the run starts: one η in
 * a sentence, several (a sweep) counted per loss in one line, not a sentence each. It does not block
 * the run: steps beyond the bound are an experiment of their own (Wu, Bartlett, Telgarsky, Yu, "Large
 * Stepsize Gradient Descent for Logistic Loss", arXiv 2402.15926).
 */
export function stepWarning(experiment: Experiment, problem: Problem | undefined): string {
  if (!problem) return '';
  const perLoss = experiment.losses.flatMap((loss) => {
    const over = experiment.lrs.flatMap((lr) => {
      const advice = stepAdvice(loss, problem, lr);
      return advice.ok ? [] : [{ lr, bound: advice.bound }];
    });
    return over.length ? [{ label: getLoss(loss).label, over }] : [];
  });
  const total = perLoss.reduce((sum, l) => sum + l.over.length, 0);
  if (total === 0) return '';
  if (total === 1) {
    const { label, over } = perLoss[0];
    return `η = ${short(over[0].lr)} is above the safe bound ${short(over[0].bound)} for ${label}: the run may diverge (it will still run; lower η for the paper's regime).`;
  }
  const n = experiment.lrs.length;
  const counts = perLoss.map(({ label, over }) => {
    const from = Math.min(...over.map((o) => o.lr));
    return `${over.length} of ${n} step sizes (η ≥ ${short(from)}) are above the safe bound 2N/(β σ_max(X)²) = ${short(over[0].bound)} for ${label}`;
  });
  return `${counts.join('; ')}: those runs may diverge (they still run; lower η for the paper's regime). ${BETA_MEANING}.`;
}
