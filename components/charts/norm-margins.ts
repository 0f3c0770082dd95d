import { LitElement, css, html, nothing } from 'lit';
import './metric-chart.ts';
import { RATIO_WINDOW } from './log-axis.ts';
import './norm-heat-map.ts';
import { emitAction } from '../lab-events.ts';
import { runPicker } from '../controls/run-picker.ts';
import type { MetricChart } from './metric-chart.ts';
import type { NormHeatRowView } from './norm-heat-map.ts';

/** What the "margins in every norm" panel shows; every number comes from the page's controller. */
export interface NormsView {
  /** column headings, one per norm */
  readonly norms: readonly string[];
  /** labels of the runs; the chart follows `run` */
  readonly runs: readonly string[];
  readonly run: number;
  /** t of the heat map's values (the latest checkpoint) */
  readonly t: number;
  /** the optimizer × norm heat map: one row per run, ρ_p at t, the predicted norm flagged */
  readonly rows: readonly NormHeatRowView[];
  /** γ_p of the chosen run's data set, in words, or why there are none */
  readonly note: string;
}

/**
 * ρ_p = m(W)/(‖W‖_p γ_p) of one run against t (one line per norm, the line y = 1 marked), and the
 * optimizer × norm heat map of every run's ρ_p at the current t. The chart is filled by the page (see `chart`).
 */
export class NormMargins extends LitElement {
  static override properties = { view: { attribute: false } };
  static override styles = css`
    :host {
      display: block;
      font:
        0.85rem/1.35 system-ui,
        sans-serif;
    }
    label {
      display: block;
      margin-bottom: 0.35rem;
      font-weight: 600;
      font-size: 0.8rem;
    }
    select {
      font: inherit;
      font-weight: 400;
      max-width: 100%;
    }
    .note {
      color: #444;
      font-size: 0.78rem;
      margin: 0.3rem 0 0.5rem;
    }
    h3 {
      font-size: 0.85rem;
      margin: 0.6rem 0 0.25rem;
    }
  `;

  view?: NormsView;

  /** The chart element the page appends rows to. */
  get chart(): MetricChart | null {
    return this.renderRoot.querySelector<MetricChart>('metric-chart');
  }

  protected override render() {
    const v = this.view;
    const pick = (run: number) => emitAction(this, { type: 'norms-run', run });
    return html`
      ${v && v.runs.length > 1 ? runPicker('norms-run', v.runs, v.run, pick) : nothing}
      <metric-chart
        data-testid="chart-rho"
        heading="ρ_p = m(W)/(‖W‖_p γ_p) against t: → 1 when W(t) turns toward the p-norm max-margin solution"
        .logScale=${true}
        .logY=${'linear'}
        .yWindow=${RATIO_WINDOW}
        y-label="ρ_p"
      ></metric-chart>
      ${v?.note ? html`<p class="note" data-testid="norms-note">${v.note}</p>` : nothing}
      ${
        v && v.rows.length > 0
          ? html`<h3>Optimizer × norm: which max-margin solution each run approaches</h3>
              <norm-heat-map .rows=${v.rows} .norms=${v.norms} .t=${v.t}></norm-heat-map>`
          : nothing
      }
    `;
  }
}

customElements.define('norm-margins', NormMargins);
declare global {
  interface HTMLElementTagNameMap {
    'norm-margins': NormMargins;
  }
}
