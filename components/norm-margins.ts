import { LitElement, css, html, nothing } from 'lit';
import './metric-chart.ts';
import { emitAction } from './lab-events.ts';
import type { MetricChart } from './metric-chart.ts';

/** What the "margins in every norm" panel shows; every number comes from the page's controller. */
export interface NormsView {
  /** column headings, one per norm */
  readonly norms: readonly string[];
  /** labels of the runs; the chart follows `run` */
  readonly runs: readonly string[];
  readonly run: number;
  /** t of the table's values (the latest checkpoint) */
  readonly t: number;
  /** one row per run: ρ_p at t, null where unavailable */
  readonly rows: readonly { readonly label: string; readonly values: readonly (number | null)[] }[];
  /** γ_p of the chosen run's data set, in words, or why there are none */
  readonly note: string;
}

/**
 * ρ_p = m(W)/(‖W‖_p γ_p) of one run against t (one line per norm, the line y = 1 marked), and a table of
 * every run's ρ_p at the current t. The chart is filled by the page (see `chart`).
 */
export class NormMargins extends LitElement {
  static override properties = { view: { attribute: false } };
  static override styles = css`
    :host { display: block; font: 0.85rem/1.35 system-ui, sans-serif; }
    label { display: block; margin-bottom: 0.35rem; font-weight: 600; font-size: 0.8rem; }
    select { font: inherit; font-weight: 400; max-width: 100%; }
    .note { color: #444; font-size: 0.78rem; margin: 0.3rem 0 0.5rem; }
    .table { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { text-align: right; padding: 0.2rem 0.45rem; border-bottom: 1px solid #e2e2e2; white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; white-space: normal; }
    td.best { font-weight: 700; }
  `;

  view?: NormsView;

  /** The chart element the page appends rows to. */
  get chart(): MetricChart | null {
    return this.renderRoot.querySelector<MetricChart>('metric-chart');
  }

  protected override render() {
    const v = this.view;
    const pick = (e: Event) => emitAction(this, { type: 'norms-run', run: Number((e.target as HTMLSelectElement).value) });
    return html`
      ${v && v.runs.length > 1
        ? html`<label>Run
            <select data-testid="norms-run" @change=${pick}>
              ${v.runs.map((label, i) => html`<option value=${i} ?selected=${i === v.run}>${label}</option>`)}
            </select></label>`
        : nothing}
      <metric-chart data-testid="chart-rho" heading="ρ_p = m(W)/(‖W‖_p γ_p) against t: → 1 when W(t) turns toward the p-norm max-margin solution"
        .logScale=${true} .logY=${'linear'}></metric-chart>
      ${v?.note ? html`<p class="note" data-testid="norms-note">${v.note}</p>` : nothing}
      ${v && v.rows.length > 0
        ? html`<div class="table"><table data-testid="norms-table" aria-label=${`ρ_p of every run at t = ${v.t}`}>
            <thead><tr><th scope="col">run · ρ_p at t = ${v.t}</th>${v.norms.map((n) => html`<th scope="col">${n}</th>`)}</tr></thead>
            <tbody>
              ${v.rows.map((row) => {
                const best = Math.max(...row.values.map((x) => x ?? -Infinity));
                return html`<tr>
                  <td>${row.label}</td>
                  ${row.values.map((x) => html`<td class=${x !== null && x === best ? 'best' : ''}>${x === null ? '–' : x.toFixed(4)}</td>`)}
                </tr>`;
              })}
            </tbody>
          </table></div>`
        : nothing}
    `;
  }
}

customElements.define('norm-margins', NormMargins);
declare global {
  interface HTMLElementTagNameMap { 'norm-margins': NormMargins; }
}
