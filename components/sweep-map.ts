import { LitElement, css, html, nothing } from 'lit';
import { emitAction } from './lab-events.ts';

/** One cell of the sweep map: a run, its colour and what hovering it says. */
export interface SweepCell {
  /** the metric's value at the run's latest checkpoint; NaN where there is none yet */
  readonly value: number;
  /** CSS colour of the value on the colour bar ('' where there is no value) */
  readonly color: string;
  /** the run's index, −1 for an empty cell */
  readonly run: number;
  /** the numbers, one line each (tooltip and readout) */
  readonly text: string;
}

/** What the sweep map draws, computed by the app (see src/app/sweep-view.ts). */
export interface SweepMapView {
  readonly metric: string;
  readonly metrics: readonly { readonly id: string; readonly label: string }[];
  /** column names (η, increasing left to right) */
  readonly cols: readonly string[];
  /** row names, top to bottom */
  readonly rows: readonly string[];
  /** rows × cols, row-major, row 0 at the top */
  readonly cells: readonly SweepCell[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** the colour bar: its stops low to high and what its two ends mean */
  readonly bar: readonly string[];
  readonly low: string;
  readonly high: string;
  /** the run shown alone in the charts, −1 for none */
  readonly selected: number;
  readonly note: string;
}

/** A heat map of one number per run of a sweep: hover a cell for its numbers, click it to show that run alone. */
export class SweepMap extends LitElement {
  static override properties = { view: { attribute: false }, hovered: { state: true } };
  static override styles = css`
    :host { display: block; font: 0.75rem/1.3 system-ui, sans-serif; }
    .head { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; align-items: baseline; margin-bottom: 0.35rem; }
    .frame { display: flex; gap: 0.6rem; align-items: stretch; overflow-x: auto; }
    .ylabel { writing-mode: vertical-rl; transform: rotate(180deg); text-align: center; color: #333; }
    .plot { flex: 0 1 42rem; min-width: 0; }
    .grid { display: grid; gap: 1px; }
    .grid.dense { gap: 0; }
    .grid.dense .rowname { line-height: 0.6rem; font-size: 0.62rem; }
    .rowname { text-align: right; padding-right: 0.3rem; white-space: nowrap; align-self: center; color: #333; }
    .colname { text-align: left; font-size: 0.68rem; color: #333; white-space: nowrap; overflow: hidden; }
    button.cell { border: 0; padding: 0; height: var(--cell-h, 1.5rem); display: block; font-size: 0; min-width: 0.4rem; cursor: pointer; background: #eee; }
    button.cell.empty { background: repeating-linear-gradient(45deg, #eee, #eee 3px, #fff 3px, #fff 6px); cursor: default; }
    button.cell:hover, button.cell:focus-visible { outline: 2px solid #222; outline-offset: -1px; }
    button.cell[aria-pressed='true'] { outline: 3px solid #d00; outline-offset: -2px; }
    .xlabel { text-align: center; color: #333; margin-top: 0.15rem; }
    .bar { display: flex; flex-direction: column; align-items: flex-start; gap: 0.15rem; }
    .ramp { width: 0.8rem; flex: 1; min-height: 4rem; border: 1px solid #888; }
    .readout { min-height: 1.3em; margin: 0.35rem 0 0; color: #222; white-space: pre-wrap; }
    .note { color: #555; margin: 0.2rem 0 0; }
  `;

  view?: SweepMapView;
  /** the cell under the pointer (its index), −1 for none */
  hovered = -1;

  protected override render() {
    const v = this.view;
    if (!v) return nothing;
    const nc = v.cols.length;
    const shown = v.cells[this.hovered];
    // a large sweep (hundreds of runs) gets small cells without gaps, so the whole map stays in view
    const dense = v.rows.length > 16 || nc > 32;
    return html`<div data-testid="sweep-map">
      <div class="head">
        <label>colour:
          <select data-testid="sweep-metric" @change=${(e: Event) => emitAction(this, { type: 'sweep-metric', metric: (e.target as HTMLSelectElement).value })}>
            ${v.metrics.map((m) => html`<option value=${m.id} ?selected=${m.id === v.metric}>${m.label}</option>`)}
          </select></label>
        <span class="note">${v.note}</span>
      </div>
      <div class="frame">
        <div class="ylabel">${v.yLabel}</div>
        <div class="plot">
          <div class="grid ${dense ? 'dense' : ''}" role="grid" aria-label=${`${v.yLabel} × ${v.xLabel}`} style=${`grid-template-columns: max-content repeat(${nc}, minmax(${dense ? 0.4 : 0.9}rem, 1fr)); --cell-h: ${v.rows.length > 24 ? 0.6 : v.rows.length > 16 ? 0.9 : 1.5}rem`}
            @mouseleave=${() => { this.hovered = -1; }}>
            ${v.rows.map((row, r) => html`<div class="rowname">${row}</div>${v.cols.map((_, c) => this.#cell(v, r * nc + c))}`)}
            <div></div>${v.cols.map((col, i) => (col ? html`<div class="colname" style=${`grid-column: span ${span(v.cols, i)}; text-align: ${span(v.cols, i) > 1 ? 'left' : 'center'}`}>${col}</div>` : nothing))}
          </div>
          <div class="xlabel">${v.xLabel}</div>
        </div>
        <div class="bar" data-testid="sweep-bar">
          <span data-testid="sweep-high">${v.high}</span>
          <div class="ramp" style=${`background: linear-gradient(to top, ${v.bar.join(', ')})`}></div>
          <span data-testid="sweep-low">${v.low}</span>
        </div>
      </div>
      <p class="readout" data-testid="sweep-readout" aria-live="polite">${shown ? shown.text : 'Hover a cell for its numbers; click it to draw that run over the bands in the charts (click again to drop it).'}</p>
    </div>`;
  }

  #cell(v: SweepMapView, i: number) {
    const cell = v.cells[i];
    const empty = cell.run < 0;
    return html`<button type="button" class="cell ${empty || !cell.color ? 'empty' : ''}" data-testid="sweep-cell" data-run=${cell.run}
      data-value=${String(cell.value)} title=${cell.text} aria-label=${cell.text} aria-pressed=${cell.run >= 0 && cell.run === v.selected ? 'true' : 'false'}
      ?disabled=${empty} style=${cell.color ? `background:${cell.color}` : ''}
      @mouseenter=${() => { this.hovered = i; }} @focus=${() => { this.hovered = i; }}
      @click=${() => emitAction(this, { type: 'sweep-select', run: cell.run })}></button>`;
  }
}

/** How many columns the name at i covers: up to the next written name (names thinned to every k-th). */
function span(names: readonly string[], i: number): number {
  let j = i + 1;
  while (j < names.length && !names[j]) j++;
  return j - i;
}

customElements.define('sweep-map', SweepMap);
declare global {
  interface HTMLElementTagNameMap { 'sweep-map': SweepMap; }
}
