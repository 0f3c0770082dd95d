// The paper's figures (and two comparisons) as one-click experiments. Each is a plain Experiment,
// so a preset is exactly the URL it writes. Protocol: the paper's Appendix I (arXiv 2411.01350) and the
// authors' figure code, as docs/protocol.md describes.
// Every claim sentence quotes numbers that `npm run -s lab -- run --url …` reproduces for the preset's URL;
// they live in claims.json, which the tests of the claims read too, so a sentence cannot drift from its check
// (the CLI's fuller readings behind them: tests/fixtures/preset-readings.json).
import { DEFAULT_EXPERIMENT } from '../../core/experiment/experiment.ts';
import { encodeExperiment } from '../../core/experiment/url.ts';
import { expandRange } from '../../core/experiment/sweep.ts';
import type { SweepMetric } from '../../core/theory/sweep-stats.ts';
import type { Experiment, LossName } from '../../core/types.ts';
import CLAIMS from './claims.json';

/** The authors' η = 0.1 under their 1/(N·K) mean is our η = 0.1/K with the mean over N (K = 3). */
const PAPER_LR = 0.1 / 3;
const PAPER_STEPS = 100_000;

/** A measured number as a sentence shows it: `digits` after the point. */
const fixed = (value: number, digits: number) => value.toFixed(digits);
const F1 = CLAIMS.figure1;
const FA = CLAIMS.figureA;
const FB = CLAIMS.figureB;
const ET = CLAIMS['et-vs-nonet'];
const NGD = CLAIMS['gd-vs-ngd'].at100000;
const RACE = CLAIMS['norms-race'];
const MUON = CLAIMS['muon-spectral'];
const ADAM = CLAIMS['adam-eps'];
const MOMENTUM = CLAIMS['momentum-fro'];
const PHASE = CLAIMS['phase-diagram'];
const DECAY = CLAIMS['weight-decay'];
const DIVERGED = PHASE.exp.divergedSeedsAt;
const SAFE_LR_RANGE = `${fixed(PHASE.safeLr.min, 1)}–${fixed(PHASE.safeLr.max, 1)}`;
/** η to one significant digit, as "η ≈ 50" */
const roughly = (value: number) => Number(value.toPrecision(1));

export interface Preset {
  /** test id suffix: preset-<id> */
  readonly id:
    | 'figure1'
    | 'figureA'
    | 'figureB'
    | 'et-vs-nonet'
    | 'gd-vs-ngd'
    | 'norms-race'
    | 'muon-spectral'
    | 'adam-eps'
    | 'momentum-fro'
    | 'weight-decay'
    | 'phase-diagram';
  readonly label: string;
  readonly title: string;
  /** one sentence shown on the page: what theory predicts (figure or theorem) and what to look for */
  readonly claim: string;
  readonly experiment: Experiment;
  /** the page opens on the sweep map (bands in the charts), coloured by this number */
  readonly sweepMetric?: SweepMetric;
  /** the η whose bands the charts draw (nearest in the sweep): those the sentence names, not an even spread */
  readonly bandLrs?: readonly number[];
  /** the loss the template viewer shows for this preset */
  readonly templateLoss?: LossName;
}

const paper = (n: number, d: number, k: number, changes: Partial<Experiment>): Experiment => ({
  ...DEFAULT_EXPERIMENT,
  data: 'paper',
  upload: '',
  n,
  d,
  k,
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
    title:
      'The cross-entropy template ψ for K = 3 and the exponential-tail bounds on −∂ψ/∂u₁, beside a CE run on the paper data',
    claim:
      'Figure 1: cross-entropy has the multiclass exponential tail — in the positive orthant −∂ψ/∂u₁ stays between ' +
      '(1 − Σⱼ exp(−uⱼ))·exp(−u₁) and exp(−u₁); look for the curve between its two bounds in the template viewer ' +
      `(the short CE run beside it: distance to Ŵ ${fixed(F1.distanceAt['100'], 2)} at t = 10², ${fixed(F1.distanceAt['10000'], 2)} at 10⁴).`,
    experiment: paper(100, 10, 3, { losses: ['ce'], lrs: [0.1], steps: 10_000 }),
    templateLoss: 'ce',
  },
  {
    id: 'figureA',
    label: 'Figure A · 2-D regions',
    title:
      "N = 10, d = 2, K = 3, data seed 42, init seed 0, PairLogLoss; decision regions at t = 10², 10³, 10⁵ beside the SVM. W(0) comes from numpy's stream with seed 0 (the authors drew theirs with JAX), so the t = 10² panel can differ from the paper's; later ones converge to the same SVM regions",
    claim:
      'Figure A (Appendix I): the decision regions of W(t) at t = 10², 10³ and 10⁵ approach those of the hard-margin ' +
      `SVM Ŵ, most of the way by t = 10³; the distance to Ŵ’s direction is ${fixed(FA.distanceAt['100'], 2)}, ${fixed(FA.distanceAt['1000'], 2)} ` +
      `and ${fixed(FA.distanceAt['100000'], 2)} at those times.`,
    experiment: paper(10, 2, 3, { seeds: [42], init: 'gaussian:0', snapshots: [100, 1_000, 100_000] }),
  },
  {
    id: 'figureB',
    label: 'Figure B · 10 runs',
    title:
      'N = 100, d = 10, K = 3, seeds 0..9, PairLogLoss, η = 0.1/3 (the authors’ 0.1), 10⁵ steps; distance to the SVM direction, log-log',
    claim:
      'Figure B (Appendix I, Theorem 3.4): the distance ‖W/‖W‖ − Ŵ/‖Ŵ‖‖ keeps falling, like 1/ln t, in every run; ' +
      `the paper’s ten seeds end between ${FB.paperFinalDistance.min} and ${FB.paperFinalDistance.max} at t = 10⁵ (here: ${fixed(FB.finalDistance.min, 3)} to ${fixed(FB.finalDistance.max, 3)}).`,
    experiment: paper(100, 10, 3, { seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }),
  },
  {
    id: 'et-vs-nonet',
    label: 'ET vs non-ET',
    title:
      'PairLogLoss and cross-entropy (exponential tails) against hinge and squared loss (none), N = 30, d = 20, K = 3, seed 0, η = 0.1 from a Gaussian W(0)',
    // N = 30 points in d = 20: Ŵ has 26 active constraints in the 40 free directions of W, so the set
    // {every margin ≥ 1} is wide around Ŵ and hinge stops wherever its path from W(0) meets it. (On the
    // paper's N = 100, d = 10 sets Ŵ has ~19 active constraints in 20 directions, a corner, and hinge
    // stops close to Ŵ.) η = 0.1 is below squared loss's safe bound (tests/fixtures/preset-readings.json). The exponential loss
    // is left out: from a Gaussian start its loss is ~10⁴ and GD at this η overflows at once.
    claim:
      `Theorem 3.4 needs an exponential tail: PairLogLoss and cross-entropy keep turning toward Ŵ (distance ${fixed(ET.etDistanceAt['100'], 2)} at ` +
      `t = 10², ${fixed(ET.etDistanceAt['100000'], 2)} at 10⁵, falling like 1/ln t while ‖W‖ grows like ln t), whereas hinge and squared loss stop ` +
      `within 10³ steps at a W that is not Ŵ’s direction (distance ${fixed(ET.stoppedDistance.hinge, 2)} and ${fixed(ET.stoppedDistance.squared, 2)}: flat lines).`,
    experiment: paper(30, 20, 3, { losses: ['pairlog', 'ce', 'hinge', 'squared'], lrs: [0.1] }),
    templateLoss: 'pairlog',
  },
  {
    id: 'gd-vs-ngd',
    label: 'GD vs normalized GD',
    title: 'Plain GD against normalized GD (unit-norm gradient steps), PairLogLoss, seed 0',
    claim:
      'Beyond the paper: normalized GD (unit-length steps; Nacson et al. 2019, Ji & Telgarsky 2021) reaches the same Ŵ ' +
      `far sooner than plain GD’s 1/ln t — distance ${NGD.ngd.distance} against ${fixed(NGD.gd.distance, 2)} and margin ratio ` +
      `${fixed(NGD.ngd.marginRatio, 3)} against ${fixed(NGD.gd.marginRatio, 2)} at t = 10⁵.`,
    experiment: paper(100, 10, 3, { optimizers: ['gd', 'ngd'] }),
  },
  {
    id: 'norms-race',
    label: 'Norms race',
    title:
      'ngd, sign, spectral and Adam (ε = 0, β₂ = 0.95) side by side: blobs, K = 10, d = 25, 50 points per class, cross-entropy, η = 0.1/√(t+1), 2·10⁴ steps',
    claim:
      "Beyond the paper (Fan, Schmidt & Thrampoulidis, arXiv 2502.04664; Zhang, Zou & Cao, arXiv 2406.10650): each optimizer's " +
      `ρ_p = m(W)/(‖W‖_p γ_p) should tend to 1 in its own norm. At t = 2·10⁴ sign descent's ρ_max (${fixed(RACE.rhoAt20000.signMax, 3)}) and spectral descent's ` +
      `ρ_spectral (${fixed(RACE.rhoAt20000.spectralSpectral, 3)}) lead their columns and their rows; normalized GD's ρ_fro leads its row and climbs ` +
      `(${fixed(RACE.ngdFroAt10000, 3)} at 10⁴, ${fixed(RACE.rhoAt20000.ngdFro, 3)} at 2·10⁴) ` +
      `but spectral descent's is higher still (${fixed(RACE.rhoAt20000.spectralFro, 3)}); Adam without ε (β₂ = 0.95) reaches ρ_max ${fixed(RACE.rhoAt20000.adamMax, 3)}, its row's highest and second ` +
      `only to sign descent in the max column (with the default β₂ = 0.999 it is far slower: ρ_max ${fixed(RACE.adamDefaultBeta2At20000.max, 2)} at 2·10⁴, ` +
      `below its ρ_fro ${fixed(RACE.adamDefaultBeta2At20000.fro, 2)}).`,
    // Fan et al.'s setting with Gaussian blobs; every ρ_p the CLI measured is in
    // tests/fixtures/preset-readings.json. Adam's β₂ is 0.95 (still ≥ β₁ = 0.9)
    // because with the default 0.999 its max-norm bias does not show within the run (there: adamOtherBeta2).
    experiment: {
      ...DEFAULT_EXPERIMENT,
      data: 'blobs',
      n: 500,
      d: 25,
      k: 10,
      margin: 0.5,
      seeds: [0],
      losses: ['ce'],
      optimizers: ['ngd', 'sign', 'spectral', 'adam'],
      eps: [0],
      beta2: [0.95],
      schedule: 'sqrt',
      lrs: [0.1],
      steps: 20_000,
      init: 'zero',
      engine: 'auto',
      hide: [],
    },
  },
  {
    id: 'muon-spectral',
    label: 'Muon vs spectral descent',
    title:
      'Muon (momentum β = 0.9, exact U Vᵀ) against spectral descent: blobs, K = 5, d = 10, 50 points per class, cross-entropy, η = 0.1/√(t+1), 2·10⁴ steps',
    claim:
      'Beyond the paper (Fan, Schmidt & Thrampoulidis, arXiv 2502.04664): Muon, spectral descent applied to a momentum average ' +
      '(β = 0.9), is predicted to approach the same spectral-norm max-margin solution as spectral descent; here ρ_spectral leads both ' +
      `rows at every checkpoint, climbing from ${fixed(MUON.spectralAt1000, 2)} at t = 10³ to ${MUON.spectralFinal} ± ${MUON.spectralFinalTolerance} in both at 2·10⁴, ` +
      `Muon within ${MUON.muonGap} of spectral descent from t = ${MUON.muonGapFrom} on, ` +
      `ahead of ρ_fro ${fixed(MUON.finalOthers.fro, 3)}, ρ_nuclear ${fixed(MUON.finalOthers.nuclear, 3)}, ρ_l1 ${fixed(MUON.finalOthers.l1, 3)} ` +
      `and ρ_max ${fixed(MUON.finalOthers.max, 3)}.`,
    // Fan et al.'s blobs with 50 points per class, at K = 5 and d = 10 (chosen when γ_p at the Norms race's K = 10, d = 25 took
    // minutes to prepare; it now takes about 2 s). Every ρ_p the CLI measured is in tests/fixtures/preset-readings.json.
    experiment: {
      ...DEFAULT_EXPERIMENT,
      data: 'blobs',
      n: 250,
      d: 10,
      k: 5,
      margin: 0.5,
      seeds: [0],
      losses: ['ce'],
      optimizers: ['spectral', 'muon'],
      schedule: 'sqrt',
      lrs: [0.1],
      steps: 20_000,
      init: 'zero',
      engine: 'auto',
      hide: [],
    },
  },
  {
    id: 'adam-eps',
    label: "Adam's ε",
    title:
      'Adam with ε = 0 and ε = 1e-8 side by side: paper data, PairLogLoss, constant η = 0.01 from W(0) = 0, 3·10⁵ steps',
    claim:
      'Beyond the paper: Adam without ε approaches the max-norm max-margin solution (Zhang, Zou & Cao, arXiv 2406.10650) — its ρ_max climbs ' +
      `from ${fixed(ADAM.eps0.maxAt10000, 2)} at t = 10⁴ to ${fixed(ADAM.eps0.maxFinal, 3)} at 3·10⁵; with ε = 1e-8 the two runs agree until t ≈ 2·10⁴, then ε takes over the step, which turns ` +
      `toward GD's Frobenius SVM Ŵ (Wang et al., arXiv 2110.03891): ρ_max stalls near ${fixed(ADAM.eps8.maxStall, 2)} and the distance to Ŵ falls from ` +
      `${fixed(ADAM.eps8.distanceAt10000, 2)} to ${fixed(ADAM.eps8.distanceFinal, 3)}, ` +
      `but only at GD's slow pace — its ρ_fro (${fixed(ADAM.eps8.froFinal, 3)}) is still below ε = 0’s (${fixed(ADAM.eps0.froFinal, 3)}) at 3·10⁵, so the heat map predicts no norm for it yet.`,
    // the CLI's fuller readings (ρ_fro / ρ_max, distance, loss) are in tests/fixtures/preset-readings.json
    experiment: paper(100, 10, 3, { optimizers: ['adam'], eps: [0, 1e-8], lrs: [0.01], steps: 300_000, init: 'zero' }),
  },
  {
    id: 'momentum-fro',
    label: 'Momentum keeps Frobenius',
    title: 'Plain GD against heavy-ball momentum (β = 0.9), paper data, PairLogLoss, η = 0.1/3, seed 0',
    claim:
      "Beyond the paper: heavy-ball momentum keeps GD's bias toward the Frobenius SVM Ŵ (Wang et al., arXiv 2110.03891) — with β = 0.9 it " +
      `moves like GD with the step η/(1 − β) = 10η, so its curves are GD's one decade earlier: distance to Ŵ ${fixed(MOMENTUM.momentumAt10000.distance, 2)} ` +
      `and ρ_fro ${fixed(MOMENTUM.momentumAt10000.fro, 3)} at t = 10⁴, GD's ${fixed(MOMENTUM.gdAt100000.distance, 2)} and ${fixed(MOMENTUM.gdAt100000.fro, 3)} at 10⁵.`,
    // the CLI's fuller readings are in tests/fixtures/preset-readings.json
    experiment: paper(100, 10, 3, { optimizers: ['gd', 'momentum'] }),
  },
  {
    id: 'weight-decay',
    label: 'Weight decay ends the bias',
    title:
      'GD with decoupled weight decay λ = 0, 1e-4, 1e-3, 1e-2 (W ← (1 − ηλ)W − η∇R), paper data, PairLogLoss, η = 0.1/3, seed 0',
    claim:
      'Beyond the paper: with weight decay λ > 0, GD converges to the minimiser of R(W) + (λ/2)‖W‖², which is bounded, and its direction ' +
      'tends to Ŵ only as λ → 0 (Rosset, Zhu & Hastie, JMLR 2004) — here ‖W‖/‖Ŵ‖ stops at ' +
      `${fixed(DECAY.lambda1e2NormAt10000, 2)} by t = 10⁴ with λ = 1e-2 while without decay it keeps growing (${fixed(DECAY.noDecayNormAt100000, 2)} at 10⁵), ` +
      `and at t = 10⁵ the distance to Ŵ falls with λ: ${fixed(DECAY.distanceAt100000.lambda1e2, 2)}, ${fixed(DECAY.distanceAt100000.lambda1e3, 2)} ` +
      `and ${fixed(DECAY.distanceAt100000.lambda1e4, 2)} for λ = 1e-2, 1e-3 and 1e-4 against ${fixed(DECAY.distanceAt100000.lambda0, 2)} without ` +
      'decay (a smaller λ settles later, after some 1/(ηλ) steps).',
    // the CLI's readings at t = 10², …, 10⁵ are in tests/fixtures/preset-readings.json
    experiment: paper(100, 10, 3, { wd: [0, 1e-4, 1e-3, 1e-2] }),
  },
  {
    id: 'phase-diagram',
    label: 'Step-size phase diagram',
    title: `GD on PairLogLoss, cross-entropy and the exponential loss, η from 1e-3 to 200 (64 log-spaced values, about 100× the safe bound 2/β, ${SAFE_LR_RANGE} on these data sets) × seeds 0..15 of the paper data (N = 100, d = 10, K = 3), W(0) = 0, 10⁴ steps: 3,072 runs, shown as a sweep map and bands`,
    claim:
      `Ravi et al.’s Theorem 3.4 takes η below the safe bound 2/β (${SAFE_LR_RANGE} here), and Wu, Bartlett, Telgarsky & Yu (arXiv 2402.15926) show that ` +
      'logistic-type losses still converge for far larger η after an oscillating phase while the exponential loss, with no global smoothness, ' +
      `diverges past some η — here no PairLogLoss or CE run diverges up to η = 200, every one separates its training set from η ≈ ${fixed(PHASE.separatesFromLr, 2)} on and ` +
      `the median loss at t = 10⁴ falls from ${PHASE.medianLossAt10000.pairlog.toExponential(1)} (η ≈ ${roughly(PHASE.medianLossAt10000.lr)}) to ` +
      `${PHASE.medianLossAt10000.atLr200.pairlog.toExponential(0).split('e')[0]}–${PHASE.medianLossAt10000.atLr200.ce.toExponential(0)} (η = 200), ` +
      `while the exponential loss runs up to η ≈ ${PHASE.exp.lastStableLr.toPrecision(2)} and diverges on ` +
      `${DIVERGED[0].seeds} of 16 seeds at η = ${fixed(DIVERGED[0].lr, 2)}, on ${DIVERGED[2].seeds} at ${fixed(DIVERGED[2].lr, 2)} and on all from ${PHASE.exp.allDivergeFromLr} ` +
      `(the direction is not settled at the largest η: median distance to Ŵ ` +
      `${fixed(PHASE.medianDistance.pairlog, 2)} at η ≈ ${roughly(PHASE.medianDistance.lr)}, ${fixed(PHASE.medianDistance.atLr200.ce, 2)} for CE and ` +
      `${fixed(PHASE.medianDistance.atLr200.pairlog, 2)} for PairLogLoss at 200).`,
    // the CLI's medians over the 16 seeds, at exactly these settings, are the quoted numbers of claims.json;
    // tests/unit/theory/preset-phase.test.ts reruns seed 0's runs at the η the sentence names.
    experiment: paper(100, 10, 3, {
      seeds: [...Array(16).keys()],
      losses: ['pairlog', 'ce', 'exp'],
      lrs: expandRange({ lo: 1e-3, hi: 200, scale: 'log', count: 64 }),
      steps: 10_000,
      init: 'zero',
    }),
    sweepMetric: 'loss',
    // the η the sentence is about: separation, the median loss (exp still converging), the exponential
    // loss's divergence on 12 of 16 seeds, and the largest η
    bandLrs: [PHASE.separatesFromLr, PHASE.medianLossAt10000.lr, DIVERGED[2].lr, 200],
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
