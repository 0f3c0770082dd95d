// The README's presets table: one row per preset of src/app/state/presets.ts, its number read from
// src/app/state/claims.json (the numbers the page's sentence quotes and tests/e2e/claims.test.ts checks),
// its link the preset's own experiment. What theory predicts is a short restatement of the sentence.
import CLAIMS from '../src/app/state/claims.json';
import { PRESETS, type Preset } from '../src/app/state/presets.ts';
import { encodeExperiment } from '../src/core/experiment/url.ts';

/** Where a preset's link opens: the dev server of the README's first command (any host of the site takes the same query). */
export const LAB_URL = 'http://127.0.0.1:5173/';

interface PresetRow {
  /** what the paper (or the cited work beyond it) predicts, in a few words */
  readonly predicts: string;
  /** what a run shows, one number, as the preset's sentence quotes it */
  readonly see: string;
}

const C = CLAIMS;
const RACE = C['norms-race'].rhoAt20000;
const PHASE = C['phase-diagram'].exp;

/** One entry per preset id; a preset without a row fails the table's generation (and its test). */
export const PRESET_ROWS: Record<Preset['id'], PresetRow> = {
  figure1: {
    predicts: 'cross-entropy has the multiclass exponential tail (Figure 1)',
    see: `−∂ψ/∂u₁ between its two bounds; CE run's distance to Ŵ ${C.figure1.distanceAt['10000']} at t = 10⁴`,
  },
  figureA: {
    predicts: "W(t)'s decision regions approach the SVM's (Appendix I)",
    see: `distance to Ŵ ${C.figureA.distanceAt['1000']} at t = 10³`,
  },
  figureB: {
    predicts: 'distance to Ŵ falls like 1/ln t in every run (Theorem 3.4)',
    see: `ten seeds end at ${C.figureB.finalDistance.min.toFixed(3)}–${C.figureB.finalDistance.max.toFixed(3)} at t = 10⁵ (paper: ${C.figureB.paperFinalDistance.min}–${C.figureB.paperFinalDistance.max})`,
  },
  'et-vs-nonet': {
    predicts: 'only exponential tails turn toward Ŵ (Theorem 3.4)',
    see: `ET distance ${C['et-vs-nonet'].etDistanceAt['100000']} at 10⁵; hinge stops at ${C['et-vs-nonet'].stoppedDistance.hinge}`,
  },
  'gd-vs-ngd': {
    predicts: 'normalized GD reaches the same Ŵ far sooner (Nacson et al.)',
    see: `distance ${C['gd-vs-ngd'].at100000.ngd.distance} against GD's ${C['gd-vs-ngd'].at100000.gd.distance} at 10⁵`,
  },
  'norms-race': {
    predicts: "each optimizer → its own norm's max margin (Fan et al.)",
    see: `sign descent's ρ_max ${RACE.signMax} at 2·10⁴, its column's highest`,
  },
  'muon-spectral': {
    predicts: 'Muon → the spectral-norm max margin, as spectral descent (Fan et al.)',
    see: `ρ_spectral ${C['muon-spectral'].spectralFinal} in both at 2·10⁴`,
  },
  'adam-eps': {
    predicts: 'Adam without ε → the max-norm max margin (Zhang et al.)',
    see: `ε = 0's ρ_max ${C['adam-eps'].eps0.maxFinal} at 3·10⁵`,
  },
  'momentum-fro': {
    predicts: "heavy-ball momentum keeps GD's Frobenius bias (Wang et al.)",
    see: `distance ${C['momentum-fro'].momentumAt10000.distance} at 10⁴, GD's at 10⁵`,
  },
  'weight-decay': {
    predicts:
      'with weight decay W(t) converges to a bounded minimiser; its direction → Ŵ only as λ → 0 (Rosset et al.)',
    see: `distance at 10⁵: ${C['weight-decay'].distanceAt100000.lambda1e2} (λ = 1e-2) … ${C['weight-decay'].distanceAt100000.lambda0} (λ = 0)`,
  },
  'phase-diagram': {
    predicts: 'logistic-type losses converge at large η, the exponential loss diverges (Wu et al.)',
    see: `exp diverges on every seed from η = ${PHASE.allDivergeFromLr}; PairLogLoss and CE never, up to 200`,
  },
};

/** The presets' table, in the preset bar's order. */
export function presetTable(): string {
  const rows = PRESETS.map((preset) => {
    const row = PRESET_ROWS[preset.id];
    if (!row) throw new Error(`scripts/preset-table.ts: no PRESET_ROWS entry for preset "${preset.id}"; add one`);
    const link = `${LAB_URL}?${encodeExperiment(preset.experiment)}`;
    return `| ${preset.label} | ${row.predicts} | ${row.see} | [open](${link}) |`;
  });
  return ['| preset | what theory predicts | what you see | link |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
