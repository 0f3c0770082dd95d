import { LitElement, css, html } from 'lit';
import './heat-map.ts';
import './metric-chart.ts';
import type { ChartSeries, MetricChart } from './metric-chart.ts';
import { emitAction } from '../lab-events.ts';
import { mathText } from '../math-text.ts';

/** The template picture the page computed: ψ over (u₁, u₂) and −∂ψ/∂u₁ along u₁ with its ET bounds. */
export interface TemplateView {
  readonly loss: string;
  readonly lossOptions: readonly { readonly value: string; readonly label: string }[];
  readonly u2: number;
  /** ψ on a size×size grid over bounds, scaled to [0, 1] */
  readonly heat: Float64Array;
  readonly size: number;
  readonly bounds: readonly [number, number, number, number];
  /** markup: e^{…}, u_j (see math-text.ts) */
  readonly heatCaption: string;
  /** the colour bar's end labels */
  readonly heatScale: { readonly low: string; readonly high: string };
  /** −∂ψ/∂u₁ relative to the ET upper bound on the same grid, scaled to [0, 1] */
  readonly tail: Float64Array;
  readonly tailCaption: string;
  readonly tailScale: { readonly low: string; readonly high: string };
  readonly curveSeries: readonly ChartSeries[];
  readonly curveX: readonly number[];
  readonly curveRows: readonly (readonly (number | null)[])[];
  readonly verdict: string;
}

/** The paper's Figure 1 for any loss: template heat map and the exponential-tail bounds. */
export class TemplateViewer extends LitElement {
  static override properties = { view: { attribute: false } };
  static override styles = css`
    :host {
      display: block;
      font:
        0.85rem/1.35 system-ui,
        sans-serif;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.6rem;
      align-items: end;
      margin-bottom: 0.4rem;
    }
    label {
      display: flex;
      flex-direction: column;
      font-weight: 600;
      font-size: 0.8rem;
    }
    select,
    input {
      font: inherit;
    }
    .row {
      display: grid;
      grid-template-columns: minmax(180px, 280px) 1fr;
      gap: 0.8rem;
      align-items: start;
    }
    @media (max-width: 640px) {
      .row {
        grid-template-columns: 1fr;
      }
    }
    .verdict {
      margin: 0.3rem 0 0;
      color: #333;
    }
    .maps {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
  `;

  view?: TemplateView;

  protected override render() {
    const v = this.view;
    if (!v) return html`<div data-testid="template-viewer">loading…</div>`;
    const pick = (loss: string, u2: number) => emitAction(this, { type: 'template', loss, u2 });
    return html`<div data-testid="template-viewer">
      <div class="controls">
        <label
          >Loss (K = 3)
          <select
            data-testid="template-loss"
            @change=${(e: Event) => pick((e.target as HTMLSelectElement).value, v.u2)}
          >
            ${v.lossOptions.map((o) => html`<option value=${o.value} ?selected=${o.value === v.loss}>${o.label}</option>`)}
          </select>
        </label>
        <label
          >u₂ held at
          <input
            type="range"
            min="0"
            max="6"
            step="0.5"
            .value=${String(v.u2)}
            data-testid="template-u2"
            @change=${(e: Event) => pick(v.loss, Number((e.target as HTMLInputElement).value))}
          />
          <span>${v.u2}</span>
        </label>
      </div>
      <div class="row">
        <div class="maps">
          <heat-map
            mode="scalar"
            .cells=${v.heat}
            .size=${v.size}
            .bounds=${v.bounds}
            caption=${v.heatCaption}
            x-label="u₁"
            y-label="u₂"
            .scaleLow=${v.heatScale.low}
            .scaleHigh=${v.heatScale.high}
          ></heat-map>
          <heat-map
            mode="scalar"
            .cells=${v.tail}
            .size=${v.size}
            .bounds=${v.bounds}
            caption=${v.tailCaption}
            x-label="u₁"
            y-label="u₂"
            .scaleLow=${v.tailScale.low}
            .scaleHigh=${v.tailScale.high}
          ></heat-map>
        </div>
        <metric-chart
          heading="−∂ψ/∂u₁ against u₁, with the exponential-tail bounds"
          linear-x
          x-label="u₁"
          own-legend
        ></metric-chart>
      </div>
      <p class="verdict">${mathText(v.verdict)}</p>
    </div>`;
  }

  protected override async updated(): Promise<void> {
    const v = this.view;
    const chart = this.renderRoot.querySelector<MetricChart>('metric-chart');
    if (!v || !chart) return;
    await chart.updateComplete;
    chart.setSeries(v.curveSeries);
    v.curveX.forEach((x, i) => chart.addPoint(x, v.curveRows[i]));
  }
}

customElements.define('template-viewer', TemplateViewer);
declare global {
  interface HTMLElementTagNameMap {
    'template-viewer': TemplateViewer;
  }
}
