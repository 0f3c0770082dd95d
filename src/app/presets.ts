// The paper's figures (and two comparisons) as one-click experiments. Each is a plain Experiment,
// so a preset is exactly the URL it writes. Protocol: the paper's Appendix I (arXiv 2411.01350) and the
// authors' figure code, as docs/protocol.md describes.
// Every claim sentence quotes numbers that `npm run -s lab -- run --url …` reproduces for the preset's URL.
import { DEFAULT_EXPERIMENT } from '../core/experiment.ts';
import { encodeExperiment } from '../core/url.ts';
import { expandRange } from '../core/sweep.ts';
import type { SweepMetric } from '../core/sweep-stats.ts';
import type { Experiment, LossName } from '../core/types.ts';

/** The authors' η = 0.1 under their 1/(N·K) mean is our η = 0.1/K with the mean over N (K = 3). */
const PAPER_LR = 0.1 / 3;
const PAPER_STEPS = 100_000;

export interface Preset {
  /** test id suffix: preset-<id> */
  readonly id: 'figure1' | 'figureA' | 'figureB' | 'et-vs-nonet' | 'gd-vs-ngd' | 'norms-race' | 'muon-spectral' | 'adam-eps' | 'momentum-fro' | 'phase-diagram';
  readonly label: string;
  readonly title: string;
  /** one sentence shown on the page: what theory predicts (figure or theorem) and what to look for */
  readonly claim: string;
  readonly experiment: Experiment;
  /** the page opens on the sweep map (bands in the charts), coloured by this number */
  readonly sweepMetric?: SweepMetric;
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
    claim:
      'Figure 1: cross-entropy has the multiclass exponential tail — in the positive orthant −∂ψ/∂u₁ stays between ' +
      '(1 − Σⱼ e^{−uⱼ})·e^{−u₁} and e^{−u₁}; look for the curve between its two bounds in the template viewer ' +
      '(the short CE run beside it: distance to Ŵ 0.46 at t = 10², 0.15 at 10⁴).',
    experiment: paper(100, 10, 3, { losses: ['ce'], lrs: [0.1], steps: 10_000 }),
    templateLoss: 'ce',
  },
  {
    id: 'figureA',
    label: 'Figure A · 2-D regions',
    title: 'N = 10, d = 2, K = 3, data seed 42, init seed 0, PairLogLoss; decision regions at t = 10², 10³, 10⁵ beside the SVM. W(0) comes from numpy\'s stream with seed 0 (the authors drew theirs with JAX), so the t = 10² panel can differ from the paper\'s; later ones converge to the same SVM regions',
    claim:
      'Figure A (Appendix I): the decision regions of W(t) at t = 10², 10³ and 10⁵ approach those of the hard-margin ' +
      'SVM Ŵ, most of the way by t = 10³; the distance to Ŵ’s direction is 0.98, 0.28 and 0.11 at those times.',
    experiment: paper(10, 2, 3, { seeds: [42], init: 'gaussian:0', snapshots: [100, 1_000, 100_000] }),
  },
  {
    id: 'figureB',
    label: 'Figure B · 10 runs',
    title: 'N = 100, d = 10, K = 3, seeds 0..9, PairLogLoss, η = 0.1/3 (the authors’ 0.1), 10⁵ steps; distance to the SVM direction, log-log',
    claim:
      'Figure B (Appendix I, Theorem 3.4): the distance ‖W/‖W‖ − Ŵ/‖Ŵ‖‖ keeps falling, like 1/ln t, in every run; ' +
      'the paper’s ten seeds end between 0.06 and 0.19 at t = 10⁵ (here: 0.060 to 0.195).',
    experiment: paper(100, 10, 3, { seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }),
  },
  {
    id: 'et-vs-nonet',
    label: 'ET vs non-ET',
    title: 'PairLogLoss and cross-entropy (exponential tails) against hinge and squared loss (none), N = 30, d = 20, K = 3, seed 0, η = 0.1 from a Gaussian W(0)',
    // N = 30 points in d = 20: Ŵ has 26 active constraints in the 40 free directions of W, so the set
    // {every margin ≥ 1} is wide around Ŵ and hinge stops wherever its path from W(0) meets it. (On the
    // paper's N = 100, d = 10 sets Ŵ has ~19 active constraints in 20 directions, a corner, and hinge
    // stops close to Ŵ.) η = 0.1 is below squared loss's safe bound (0.116 here). The exponential loss
    // is left out: from a Gaussian start its loss is ~10⁴ and GD at this η overflows at once.
    claim:
      'Theorem 3.4 needs an exponential tail: PairLogLoss and cross-entropy keep turning toward Ŵ (distance 0.87 at ' +
      't = 10², 0.26 at 10⁵, falling like 1/ln t while ‖W‖ grows like ln t), whereas hinge and squared loss stop ' +
      'within 10³ steps at a W that is not Ŵ’s direction (distance 0.89 and 0.64: flat lines).',
    experiment: paper(30, 20, 3, { losses: ['pairlog', 'ce', 'hinge', 'squared'], lrs: [0.1] }),
    templateLoss: 'pairlog',
  },
  {
    id: 'gd-vs-ngd',
    label: 'GD vs normalized GD',
    title: 'Plain GD against normalized GD (unit-norm gradient steps), PairLogLoss, seed 0',
    claim:
      'Beyond the paper: normalized GD (unit-length steps; Nacson et al. 2019, Ji & Telgarsky 2021) reaches the same Ŵ ' +
      'far sooner than plain GD’s 1/ln t — distance 0.0018 against 0.11 and margin ratio 0.997 against 0.35 at t = 10⁵.',
    experiment: paper(100, 10, 3, { optimizers: ['gd', 'ngd'] }),
  },
  {
    id: 'norms-race',
    label: 'Norms race',
    title: 'ngd, sign, spectral and Adam (ε = 0, β₂ = 0.95) side by side: blobs, K = 10, d = 25, 50 points per class, cross-entropy, η = 0.1/√(t+1), 2·10⁴ steps',
    claim:
      'Beyond the paper (Fan, Schmidt & Thrampoulidis, arXiv 2502.04664; Zhang, Zou & Cao, arXiv 2406.10650): each optimizer\'s ' +
      'ρ_p = m(W)/(‖W‖_p γ_p) should tend to 1 in its own norm. At t = 2·10⁴ sign descent\'s ρ_max (0.989) and spectral descent\'s ' +
      'ρ_spectral (0.957) lead their columns and their rows; normalized GD\'s ρ_fro leads its row and climbs (0.861 at 10⁴, 0.906 at 2·10⁴) ' +
      'but spectral descent\'s is higher still (0.918); Adam without ε (β₂ = 0.95) reaches ρ_max 0.977, its row\'s highest and second ' +
      'only to sign descent in the max column (with the default β₂ = 0.999 it is far slower: ρ_max 0.72 at 2·10⁴, below its ρ_fro 0.87).',
    // Fan et al.'s setting with Gaussian blobs. Checked with the CLI, ρ_fro / ρ_max / ρ_l1 / ρ_spectral at t = 10⁴ → 2·10⁴ (ρ_nuclear
    // at 2·10⁴, γ_nuclear certified at gap 2.7e-9: ngd 0.899, sign 0.792, spectral 0.906, adam 0.793, below each row's lead): ngd 0.8613 / 0.5161 / 0.7748 / 0.7676 → 0.9058 / 0.5462 /
    // 0.8160 / 0.7907; sign 0.8299 / 0.9851 / 0.6803 / 0.7281 → 0.8325 / 0.9893 / 0.6827 / 0.7293; spectral 0.9020 / 0.5389 / 0.8177 /
    // 0.9405 → 0.9184 / 0.5452 / 0.8334 / 0.9574; adam (ε = 0, β₂ = 0.95) 0.8317 / 0.9662 / 0.6807 / 0.7297 → 0.8339 / 0.9770 / 0.6830 /
    // 0.7303. Adam's β₂ is 0.95 (still ≥ β₁ = 0.9) because with the default 0.999 its max-norm bias does not show within the run:
    // ρ_max 0.7033 → 0.7238 (ρ_fro 0.8302 → 0.8692) at 10⁴ → 2·10⁴; β₂ = 0.99 gives ρ_max 0.9055 → 0.9421 (ρ_fro 0.8432 → 0.8417).
    experiment: {
      ...DEFAULT_EXPERIMENT, data: 'blobs', n: 500, d: 25, k: 10, margin: 0.5, seeds: [0], losses: ['ce'],
      optimizers: ['ngd', 'sign', 'spectral', 'adam'], eps: [0], beta2: [0.95], schedule: 'sqrt', lrs: [0.1], steps: 20_000, init: 'zero', engine: 'auto', hide: [],
    },
  },
  {
    id: 'muon-spectral',
    label: 'Muon vs spectral descent',
    title: 'Muon (momentum β = 0.9, exact U Vᵀ) against spectral descent: blobs, K = 5, d = 10, 50 points per class, cross-entropy, η = 0.1/√(t+1), 2·10⁴ steps',
    claim:
      'Beyond the paper (Fan, Schmidt & Thrampoulidis, arXiv 2502.04664): Muon, spectral descent applied to a momentum average ' +
      '(β = 0.9), is predicted to approach the same spectral-norm max-margin solution as spectral descent; here ρ_spectral leads both ' +
      'rows at every checkpoint, climbing from 0.78 at t = 10³ to 0.9555 ± 0.0001 in both at 2·10⁴, Muon within 0.0025 of spectral ' +
      'descent from t = 400 on, ' +
      'ahead of ρ_fro 0.914, ρ_nuclear 0.898, ρ_l1 0.827 and ρ_max 0.685.',
    // Fan et al.'s blobs with 50 points per class, at K = 5 and d = 10 (chosen when γ_p at the Norms race's K = 10, d = 25 took
    // minutes to prepare; it now takes about 2 s); at K = 10, d = 25 both rows are led by ρ_spectral too (0.957 at 2·10⁴, muon 0.9573
    // against spectral 0.9574). Checked with the CLI, ρ_fro / ρ_max / ρ_l1 /
    // ρ_spectral / ρ_nuclear: t = 10³ spectral 0.7283 / 0.5342 / 0.6569 / 0.7845 / 0.7141, muon 0.7272 / 0.5329 / 0.6560 / 0.7836 /
    // 0.7130; t = 10⁴ spectral 0.8992 / 0.6717 / 0.8130 / 0.9408 / 0.8831, muon 0.8989 / 0.6714 / 0.8128 / 0.9406 / 0.8827;
    // t = 2·10⁴ spectral 0.9143 / 0.6848 / 0.8268 / 0.95555 / 0.8980, muon 0.9141 / 0.6845 / 0.8267 / 0.95545 / 0.8978. ρ_spectral is
    // the largest of each row at all 42 checkpoints from t = 1 on; the two runs' ρ_spectral differ by at most 0.0019 from t = 398 (0.0005 from t = 1585;
    // the page's float64 engine, a different JavaScript engine, follows the CLI's Muon to 2e-4).
    experiment: {
      ...DEFAULT_EXPERIMENT, data: 'blobs', n: 250, d: 10, k: 5, margin: 0.5, seeds: [0], losses: ['ce'],
      optimizers: ['spectral', 'muon'], schedule: 'sqrt', lrs: [0.1], steps: 20_000, init: 'zero', engine: 'auto', hide: [],
    },
  },
  {
    id: 'adam-eps',
    label: "Adam's ε",
    title: 'Adam with ε = 0 and ε = 1e-8 side by side: paper data, PairLogLoss, constant η = 0.01 from W(0) = 0, 3·10⁵ steps',
    claim:
      'Beyond the paper: Adam without ε approaches the max-norm max-margin solution (Zhang, Zou & Cao, arXiv 2406.10650) — its ρ_max climbs ' +
      'from 0.74 at t = 10⁴ to 0.991 at 3·10⁵; with ε = 1e-8 the two runs agree until t ≈ 2·10⁴, then ε takes over the step, which turns ' +
      'toward GD\'s Frobenius SVM Ŵ (Wang et al., arXiv 2110.03891): ρ_max stalls near 0.90 and the distance to Ŵ falls from 0.26 to 0.185, ' +
      'but only at GD\'s slow pace — its ρ_fro (0.924) is still below ε = 0’s (0.956) at 3·10⁵, so the heat map predicts no norm for it yet.',
    // checked with the CLI (ρ_fro / ρ_max, distance): t = 10⁴ both 0.7356 / 0.7408, 0.2620; t = 19953 ε = 0 0.8551 / 0.8734,
    // ε = 1e-8 0.8551 / 0.8733; t = 3·10⁵ ε = 0 0.95645 / 0.9913 (ρ_spectral 0.9883), 0.2533; ε = 1e-8 0.9236 / 0.8948 (ρ_spectral
    // 0.9375), 0.1851, loss 3.2e-10: its gradient bound max|x|·R is still above 0.01·ε (core/predicted-bias.ts), so no norm is outlined.
    experiment: paper(100, 10, 3, { optimizers: ['adam'], eps: [0, 1e-8], lrs: [0.01], steps: 300_000, init: 'zero' }),
  },
  {
    id: 'momentum-fro',
    label: 'Momentum keeps Frobenius',
    title: 'Plain GD against heavy-ball momentum (β = 0.9), paper data, PairLogLoss, η = 0.1/3, seed 0',
    claim:
      'Beyond the paper: heavy-ball momentum keeps GD\'s bias toward the Frobenius SVM Ŵ (Wang et al., arXiv 2110.03891) — with β = 0.9 it ' +
      'moves like GD with the step η/(1 − β) = 10η, so its curves are GD\'s one decade earlier: distance to Ŵ 0.11 and ρ_fro 0.355 at ' +
      't = 10⁴, GD\'s 0.11 and 0.353 at 10⁵.',
    // checked with the CLI: momentum's distance at t = 10³ / 10⁴ (0.1867 / 0.1094) is GD's at 10⁴ / 10⁵ (0.1887 / 0.1097); ρ_fro
    // momentum 0.3552 at 10⁴, GD 0.3529 at 10⁵; at 10⁵ momentum's ρ_fro is 0.6908 (its ρ_nuclear 0.6913 is as close: ρ_p of one
    // run are not ranked by the theory, only ρ_fro → 1 is)
    experiment: paper(100, 10, 3, { optimizers: ['gd', 'momentum'] }),
  },
  {
    id: 'phase-diagram',
    label: 'Step-size phase diagram',
    title: 'GD on PairLogLoss, cross-entropy and the exponential loss, η from 1e-3 to 200 (64 log-spaced values, about 100× the safe bound 2/β, 1.4–3.0 on these data sets) × seeds 0..15 of the paper data (N = 100, d = 10, K = 3), W(0) = 0, 10⁴ steps: 3,072 runs, shown as a sweep map and bands',
    claim:
      'Ravi et al.’s Theorem 3.4 takes η below the safe bound 2/β (1.4–3.0 here), and Wu, Bartlett, Telgarsky & Yu (arXiv 2402.15926) show that ' +
      'logistic-type losses still converge for far larger η after an oscillating phase while the exponential loss, with no global smoothness, ' +
      'diverges past some η — here no PairLogLoss or CE run diverges up to η = 200, every one separates its training set from η ≈ 0.13 on and ' +
      'the median loss at t = 10⁴ falls from 5.6e-3 (η ≈ 1) to 6–8e-7 (η = 200), while the exponential loss runs up to η ≈ 1.3 and diverges on ' +
      '3 of 16 seeds at η = 1.58, on 12 at 2.32 and on all from 3.42 (the direction is not settled at the largest η: median distance to Ŵ ' +
      '0.05 at η ≈ 50, 0.13 for CE and 0.18 for PairLogLoss at 200).',
    // checked with the CLI at exactly these settings (run --url of this preset --final-only --workers 2, 3,072 runs), medians over the
    // 16 seeds at t = 10⁴: PairLogLoss / CE loss 5.64e-3 / 5.69e-3 at η = 1.069, 5.76e-7 / 8.17e-7 at η = 200; distance 0.052 / 0.050 at
    // η = 51.5, 0.179 / 0.133 at 200; the smallest training accuracy is 1 from η = 0.127 on; no run of either diverges. Exponential: no
    // run diverges up to η = 1.298; 3, 5, 12 and 15 of 16 at η = 1.576, 1.912, 2.321 and 2.818; all 16 from η = 3.420.
    // tests/unit/preset-phase.test.ts reruns seed 0's runs at η = 1.298, 3.42 and 200.
    experiment: paper(100, 10, 3, {
      seeds: [...Array(16).keys()], losses: ['pairlog', 'ce', 'exp'],
      lrs: expandRange({ lo: 1e-3, hi: 200, scale: 'log', count: 64 }), steps: 10_000, init: 'zero',
    }),
    sweepMetric: 'loss',
  },
];

/** Settings that do not change what a run computes: where it runs, which controls a link hides, the axes. */
const key = (e: Experiment) => encodeExperiment({ ...e, engine: 'auto', hide: [], scale: DEFAULT_EXPERIMENT.scale });

/** The preset whose experiment this is (up to engine, hidden controls and axis scale), or ''. */
export function activePresetId(experiment: Experiment): string {
  const k = key(experiment);
  return PRESETS.find((p) => key(p.experiment) === k)?.id ?? '';
}

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}
