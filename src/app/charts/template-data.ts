// The numbers behind the template viewer (the paper's Figure 1): the core's ψ and −∂ψ/∂u₁ on a
// grid for K = 3, and the exponential-tail bounds from core/theory.
import { getLoss } from '../../core/training/losses.ts';
import { etBounds } from '../../core/theory/prediction-checks.ts';
import { LOSS_NAMES, type LossName } from '../../core/types.ts';
import type { TemplateView } from '../../../components/charts/template-viewer.ts';

const HEAT_CELLS = 80;
const HEAT_RANGE = [-2, 6] as const;
const CURVE_RANGE = [0, 10] as const;
const CURVE_POINTS = 161;
/** The tail-ratio map's colour scale runs from 0 to this value (1 is the ET upper bound). */
const TAIL_RATIO_TOP = 1.5;

function lossOptions(): { value: string; label: string }[] {
  return LOSS_NAMES.map((name) => {
    const loss = getLoss(name);
    return { value: name, label: `${loss.label}${loss.et ? ' (ET)' : ''}` };
  });
}

export function templateView(name: LossName, u2: number): TemplateView {
  const loss = getLoss(name);
  const [lo, hi] = HEAT_RANGE;
  const raw = new Float64Array(HEAT_CELLS * HEAT_CELLS);
  let min = Infinity;
  let max = -Infinity;
  for (let row = 0; row < HEAT_CELLS; row++) {
    for (let col = 0; col < HEAT_CELLS; col++) {
      const u = [lo + ((col + 0.5) / HEAT_CELLS) * (hi - lo), lo + ((row + 0.5) / HEAT_CELLS) * (hi - lo)];
      const v = loss.template(u);
      raw[row * HEAT_CELLS + col] = v;
      if (Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
  }
  // log scale on the colours: ψ spans several orders of magnitude over the window for every tail
  const shift = (v: number) => Math.log1p(v - min);
  const top = shift(max) || 1;
  const heat = raw.map((v) => shift(v) / top);

  // −∂ψ/∂u₁ · e^{u₁}: an ET loss keeps it between 1 − Σ e^{−u_j} (lower) and 1 (upper) in the positive orthant
  const tail = new Float64Array(HEAT_CELLS * HEAT_CELLS);
  for (let row = 0; row < HEAT_CELLS; row++) {
    for (let col = 0; col < HEAT_CELLS; col++) {
      const u = [lo + ((col + 0.5) / HEAT_CELLS) * (hi - lo), lo + ((row + 0.5) / HEAT_CELLS) * (hi - lo)];
      const ratio = loss.templateWeight(u, 0) / etBounds(u).upper;
      tail[row * HEAT_CELLS + col] = Math.min(1, Math.max(0, ratio / TAIL_RATIO_TOP));
    }
  }

  const [c0, c1] = CURVE_RANGE;
  const curveX: number[] = [];
  const curveRows: (number | null)[][] = [];
  for (let i = 0; i < CURVE_POINTS; i++) {
    const u1 = c0 + (i / (CURVE_POINTS - 1)) * (c1 - c0);
    const { upper, lower } = etBounds([u1, u2]);
    curveX.push(u1);
    curveRows.push([positive(loss.templateWeight([u1, u2], 0)), positive(upper), positive(lower)]);
  }
  return {
    loss: name,
    lossOptions: lossOptions(),
    u2,
    heat,
    size: HEAT_CELLS,
    bounds: [lo, hi, lo, hi],
    heatCaption: `ψ(u₁, u₂) of ${loss.label}, u ∈ [${lo}, ${hi}]^2 (colour bar: ψ, on a log(1 + ψ − min ψ) scale)`,
    heatScale: { low: `${Number(min.toPrecision(3))}`, high: `${Number(max.toPrecision(3))}` },
    tail,
    tailCaption: `−∂ψ/∂u₁ · e^{u₁} over the same window: an ET loss stays between 1 − Σ_j e^{−u_j} and 1 in the positive orthant`,
    tailScale: { low: '0', high: String(TAIL_RATIO_TOP) },
    curveSeries: [
      { label: `−∂ψ/∂u₁ (${loss.label})`, color: '#1f77b4' },
      { label: 'upper exp(−u₁)', color: '#d62728', dashed: true },
      { label: 'lower (1 − Σⱼ exp(−uⱼ)) exp(−u₁)', color: '#2ca02c', dashed: true },
    ],
    curveX,
    curveRows,
    verdict: `${loss.label}: ${loss.et ? 'has' : 'does not have'} the multiclass exponential tail. ${loss.why}`,
  };
}

/** Only positive values have a place on the log axis; the rest are gaps. */
function positive(v: number): number | null {
  return Number.isFinite(v) && v > 0 ? v : null;
}
