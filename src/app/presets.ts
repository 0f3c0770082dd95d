// The paper's figures (and two comparisons) as one-click experiments. Each is a plain Experiment,
// so a preset is exactly the URL it writes. Protocol: the paper's Appendix I (arXiv 2411.01350) and the
// authors' figure code, as docs/protocol.md describes.
import { DEFAULT_EXPERIMENT } from '../core/experiment.ts';
import type { Experiment, LossName } from '../core/types.ts';

/** The authors' η = 0.1 under their 1/(N·K) mean is our η = 0.1/K with the mean over N (K = 3). */
const PAPER_LR = 0.1 / 3;
const PAPER_STEPS = 100_000;

export interface Preset {
  /** test id suffix: preset-<id> */
  readonly id: 'figure1' | 'figureA' | 'figureB' | 'et-vs-nonet' | 'gd-vs-ngd';
  readonly label: string;
  readonly title: string;
  readonly experiment: Experiment;
  /** the loss the template viewer shows for this preset */
  readonly templateLoss?: LossName;
}

const paper = (n: number, d: number, k: number, changes: Partial<Experiment>): Experiment => ({
  ...DEFAULT_EXPERIMENT,
  data: 'paper',
  upload: '',
  n, d, k,
  seeds: [0],
  losses: ['pairlog'],
  optimizers: ['gd'],
  schedule: 'const',
  lrs: [PAPER_LR],
  steps: PAPER_STEPS,
  init: 'gaussian',
  engine: 'auto',
  snapshots: DEFAULT_EXPERIMENT.snapshots,
  hide: [],
  ...changes,
});

export const PRESETS: readonly Preset[] = [
  {
    id: 'figure1',
    label: 'Figure 1 · templates',
    title: 'The cross-entropy template ψ for K = 3 and the exponential-tail bounds on −∂ψ/∂u₁, beside a CE run on the paper data',
    experiment: paper(100, 10, 3, { losses: ['ce'], lrs: [0.1], steps: 10_000 }),
    templateLoss: 'ce',
  },
  {
    id: 'figureA',
    label: 'Figure A · 2-D regions',
    title: 'N = 10, d = 2, K = 3, data seed 42, init seed 0, PairLogLoss; decision regions at t = 10², 10³, 10⁵ beside the SVM. W(0) comes from numpy\'s stream with seed 0 (the authors drew theirs with JAX), so the t = 10² panel can differ from the paper\'s; later ones converge to the same SVM regions',
    experiment: paper(10, 2, 3, { seeds: [42], init: 'gaussian:0', snapshots: [100, 1_000, 100_000] }),
  },
  {
    id: 'figureB',
    label: 'Figure B · 10 runs',
    title: 'N = 100, d = 10, K = 3, seeds 0..9, PairLogLoss, η = 0.1/3 (the authors’ 0.1), 10⁵ steps; distance to the SVM direction, log-log',
    experiment: paper(100, 10, 3, { seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }),
  },
  {
    id: 'et-vs-nonet',
    label: 'ET vs non-ET',
    title: 'PairLogLoss, cross-entropy and exponential (exponential tails) against hinge and squared (no exponential tail), seed 0, η = 0.01 from W(0) = 0',
    // from a Gaussian start the exponential loss overflows at once (its loss is ~6·10⁴ there); from
    // W = 0 every margin starts at 0, where η = 0.01 is inside its local safe bound
    experiment: paper(100, 10, 3, { losses: ['pairlog', 'ce', 'exp', 'hinge', 'squared'], lrs: [0.01], init: 'zero' }),
    templateLoss: 'pairlog',
  },
  {
    id: 'gd-vs-ngd',
    label: 'GD vs normalized GD',
    title: 'Plain GD against normalized GD (unit-norm gradient steps), PairLogLoss, seed 0',
    experiment: paper(100, 10, 3, { optimizers: ['gd', 'ngd'] }),
  },
];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
