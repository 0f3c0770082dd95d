import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { emitAction } from '../lab-events.ts';
import { pointerWords, ScrollCue, scrollCueStyles } from '../small-screens.ts';

/** The narrowest a cell is drawn: a wider sweep scrolls sideways (390 px phones drew 1.6 px cells). */
const MIN_CELL_PX = 6;
/** A column name's width per character at the names' 0.68rem, generous for digits, and the least gap between two. */
const NAME_CHAR_EM = 0.7;
const NAME_GAP_PX = 8;
/** The readout before a cell is picked, for a mouse and for a touch screen (one line each: the readout keeps white space). */
const MOUSE_HINT =
  'Hover a cell (or focus the map and use the arrow keys) for its numbers; click it (or press Enter) to draw that run over the bands in the charts (again to drop it).';
const TOUCH_HINT =
  'Tap a cell for its numbers and to draw that run over the bands in the charts (tap it again to drop it).';

/**
 * The column names to write when a column is `px` wide: every m-th of the names given (they come every
 * s-th column), m the least that keeps the longest name from reaching its neighbour.
 */
function spacedNames(cols: readonly string[], px: number, fontPx: number): string[] {
  const named = cols.flatMap((name, i) => (name ? [i] : []));
  if (named.length < 2 || !(px > 0)) return [...cols];
  const step = named[1] - named[0];
  const longest = Math.max(...named.map((i) => cols[i].length)) * NAME_CHAR_EM * fontPx;
  const every = Math.max(1, Math.ceil((longest + NAME_GAP_PX) / (step * px)));
  const kept = new Set(named.filter((_, j) => j % every === 0));
  return cols.map((name, i) => (kept.has(i) ? name : ''));
}

/** What the sweep map draws, computed by the app (see src/app/charts/sweep-view.ts). */
export interface SweepMapView {
  readonly metric: string;
  readonly metrics: readonly { readonly id: string; readonly label: string }[];
  /** column names (η, increasing left to right), '' where a name is left out */
  readonly cols: readonly string[];
  /** row names, top to bottom, '' where a name is left out */
  readonly rows: readonly string[];
  /** rows × cols, row-major, row 0 at the top: each cell's number (NaN where there is none) */
  readonly values: Float64Array;
  /** each cell's run index, −1 for an empty cell */
  readonly runOf: Int32Array;
  /** each cell's colour, 4 bytes (RGBA) a cell */
  readonly rgba: Uint8ClampedArray;
  /** the numbers of cell i, one line each (written only when asked: hover, focus) */
  readonly text: (i: number) => string;
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

/**
 * A heat map of one number per run of a sweep, painted on one canvas (a sweep of 10⁴ runs as 10⁴
 * elements stalled the page): hover or arrow keys pick a cell and its numbers show below, a click or
 * Enter shows that run alone.
 */
export class SweepMap extends LitElement {
  static override properties = { view: { attribute: false }, hovered: { state: true } };
  static override styles = css`
    ${pointerWords} ${scrollCueStyles}
    :host {
      display: block;
      font:
        0.75rem/1.3 system-ui,
        sans-serif;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem 1rem;
      align-items: baseline;
      margin-bottom: 0.35rem;
    }
    .frame {
      display: flex;
      gap: 0.6rem;
      align-items: stretch;
    }
    .ylabel {
      writing-mode: vertical-rl;
      transform: rotate(180deg);
      text-align: center;
      color: #333;
    }
    .plot {
      flex: 0 1 42rem;
      min-width: 0;
      display: grid;
      grid-template-columns: max-content minmax(0, 1fr);
      align-items: start;
    }
    /* scrolls only when the cells would be narrower than MIN_CELL_PX (a hover tip may then be clipped) */
    .cue-scroll:not(.on) {
      overflow: visible;
    }

    .rownames,
    .colnames,
    .cells {
      position: relative;
    }
    .rownames {
      padding-right: 0.3rem;
    } /* min-width: the longest row name, set in render (the names are positioned absolutely) */
    .rowname {
      position: absolute;
      right: 0.3rem;
      transform: translateY(-50%);
      white-space: nowrap;
      color: #333;
      font-size: 0.68rem;
      line-height: 1;
    }
    .colnames {
      height: 1rem;
    }
    .colname {
      position: absolute;
      top: 0.1rem;
      transform: translateX(-50%);
      font-size: 0.68rem;
      color: #333;
      white-space: nowrap;
    }
    .tip {
      position: absolute;
      pointer-events: none;
      z-index: 2;
      margin-top: 0.3rem;
      padding: 0.2rem 0.4rem;
      background: #fff;
      border: 1px solid #888;
      border-radius: 3px;
      box-shadow: 0 1px 3px #0003;
      white-space: pre;
      color: #222;
    }
    canvas {
      display: block;
      width: 100%;
      image-rendering: pixelated;
      cursor: pointer;
      background: #eee;
    }
    canvas:focus-visible {
      outline: 2px solid #06c;
      outline-offset: 2px;
    }
    .mark {
      position: absolute;
      pointer-events: none;
      box-sizing: border-box;
    }
    .mark.hover {
      outline: 2px solid #222;
      outline-offset: -1px;
    }
    .mark.picked {
      outline: 3px solid #d00;
      outline-offset: -2px;
    }
    .xlabel {
      grid-column: 2;
      text-align: center;
      color: #333;
      margin-top: 0.15rem;
    }
    .bar {
      display: flex;
      flex-direction: column;
      align-items: flex-start;
      gap: 0.15rem;
    }
    /* the ends' numbers (4.561e-7) stay on one line on a phone */
    .bar > span {
      white-space: nowrap;
    }
    .ramp {
      width: 0.8rem;
      flex: 1;
      min-height: 4rem;
      border: 1px solid #888;
    }
    .readout {
      min-height: 3.9em;
      margin: 0.35rem 0 0;
      color: #222;
      white-space: pre-wrap;
    }
    .note {
      color: #555;
      margin: 0.2rem 0 0;
    }
  `;

  view?: SweepMapView;
  /** the cell under the pointer or keyboard focus (its index), −1 for none */
  hovered = -1;
  /** the cells' box: the width they may take (beyond it they scroll sideways) and its "scroll →" cue */
  readonly #cue = new ScrollCue(this);

  /** the cell index under a point in client coordinates, −1 outside the map */
  cellAt(clientX: number, clientY: number): number {
    const v = this.view;
    const canvas = this.renderRoot.querySelector('canvas');
    if (!v || !canvas) return -1;
    const box = canvas.getBoundingClientRect();
    const nc = v.cols.length;
    const nr = v.rows.length;
    const c = Math.floor(((clientX - box.left) / box.width) * nc);
    const r = Math.floor(((clientY - box.top) / box.height) * nr);
    return c >= 0 && c < nc && r >= 0 && r < nr ? r * nc + c : -1;
  }

  /** the centre of cell i in client coordinates (for tests and tools that point at a cell) */
  cellCentre(i: number): { x: number; y: number } | undefined {
    const v = this.view;
    const canvas = this.renderRoot.querySelector('canvas');
    if (!v || !canvas) return undefined;
    const box = canvas.getBoundingClientRect();
    const nc = v.cols.length;
    return {
      x: box.left + ((i % nc) + 0.5) * (box.width / nc),
      y: box.top + (Math.floor(i / nc) + 0.5) * (box.height / v.rows.length),
    };
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('view')) this.#paint();
  }

  /** one pixel a cell, scaled up by CSS without smoothing */
  #paint(): void {
    const v = this.view;
    const canvas = this.renderRoot.querySelector('canvas');
    if (!v || !canvas) return;
    const nc = v.cols.length;
    const nr = v.rows.length;
    if (canvas.width !== nc) canvas.width = nc;
    if (canvas.height !== nr) canvas.height = nr;
    const ctx = canvas.getContext('2d');
    if (!ctx || nc === 0 || nr === 0) return;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(v.rgba), nc, nr), 0, 0);
  }

  #select(i: number): void {
    const run = this.view?.runOf[i] ?? -1;
    if (run >= 0) emitAction(this, { type: 'sweep-select', run });
  }

  #key(e: KeyboardEvent): void {
    const v = this.view;
    if (!v) return;
    const nc = v.cols.length;
    const n = v.runOf.length;
    const at = this.hovered >= 0 ? this.hovered : 0;
    const move: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -nc,
      ArrowDown: nc,
      Home: -(at % nc),
      End: nc - 1 - (at % nc),
    };
    if (e.key in move) {
      const next = this.hovered < 0 ? 0 : at + move[e.key];
      const sameRow =
        e.key === 'ArrowLeft' || e.key === 'ArrowRight' ? Math.floor(next / nc) === Math.floor(at / nc) : true;
      if (next >= 0 && next < n && sameRow) this.hovered = next;
      e.preventDefault();
    } else if ((e.key === 'Enter' || e.key === ' ') && this.hovered >= 0) {
      this.#select(this.hovered);
      e.preventDefault();
    }
  }

  /** an outline over cell i, placed in percent of the canvas */
  #mark(v: SweepMapView, i: number, kind: string) {
    const nc = v.cols.length;
    const nr = v.rows.length;
    const w = 100 / nc;
    const h = 100 / nr;
    return html`<div
      class="mark ${kind}"
      style=${`left:${(i % nc) * w}%;top:${Math.floor(i / nc) * h}%;width:${w}%;height:${h}%`}
    ></div>`;
  }

  /** the hovered cell's numbers beside it, turned to stay inside the map */
  #tip(v: SweepMapView, i: number, text: string) {
    const nc = v.cols.length;
    const nr = v.rows.length;
    const c = i % nc;
    const r = Math.floor(i / nc);
    const x = c < nc / 2 ? `left:${(c / nc) * 100}%` : `right:${(1 - (c + 1) / nc) * 100}%`;
    const y = r < nr / 2 ? `top:${((r + 1) / nr) * 100}%` : `bottom:${(1 - r / nr) * 100}%;margin-bottom:0.3rem`;
    return html`<div class="tip" data-testid="sweep-tip" role="tooltip" style=${`${x};${y}`}>${text}</div>`;
  }

  protected override render() {
    const v = this.view;
    if (!v) return nothing;
    const shown = this.hovered >= 0 && this.hovered < v.runOf.length ? v.text(this.hovered) : '';
    // bound flush inside its <p>: the readout keeps white space (pre-wrap), so a line break there would show
    const readout =
      shown || html`<span class="on-mouse">${MOUSE_HINT}</span><span class="on-touch">${TOUCH_HINT}</span>`;
    return html`<div data-testid="sweep-map">
      <div class="head">
        <label
          >colour:
          <select
            data-testid="sweep-metric"
            @change=${(e: Event) => emitAction(this, { type: 'sweep-metric', metric: (e.target as HTMLSelectElement).value })}
          >
            ${v.metrics.map((m) => html`<option value=${m.id} ?selected=${m.id === v.metric}>${m.label}</option>`)}
          </select></label
        >
        <span class="note">${v.note}</span>
      </div>
      <div class="frame">
        <div class="ylabel">${v.yLabel}</div>
        ${this.#renderPlot(v, shown)}
        <div class="bar" data-testid="sweep-bar">
          <span data-testid="sweep-high">${v.high}</span>
          <div class="ramp" style=${`background: linear-gradient(to top, ${v.bar.join(', ')})`}></div>
          <span data-testid="sweep-low">${v.low}</span>
        </div>
      </div>
      <p class="readout" data-testid="sweep-readout" aria-live="polite">${readout}</p>
    </div>`;
  }

  /** the row names, the cells (scrolling sideways when they would be too narrow) with the column names, and the x label */
  #renderPlot(v: SweepMapView, shown: string) {
    const nc = v.cols.length;
    const nr = v.rows.length;
    const height = `${nr * (nr > 24 ? 0.6 : nr > 16 ? 0.9 : 1.5)}rem`;
    const picked = v.selected >= 0 ? v.runOf.indexOf(v.selected) : -1;
    const fit = this.#cue.width;
    const scrolls = nc * MIN_CELL_PX > fit;
    const fontPx = 0.68 * parseFloat(getComputedStyle(document.documentElement).fontSize || '16');
    const cols = spacedNames(v.cols, Math.max(fit, nc * MIN_CELL_PX) / nc, fontPx);
    const colName = (col: string, c: number) => {
      const half = (col.length * NAME_CHAR_EM * fontPx) / 2;
      const left = `clamp(${half}px, ${((c + 0.5) / nc) * 100}%, calc(100% - ${half}px))`;
      return html`<span class="colname" style=${`left:${left}`}>${col}</span>`;
    };
    return html`<div class="plot">
      <div class="rownames" style=${`height:${height};min-width:${Math.max(2, ...v.rows.map((row) => row.length))}ch`}>
        ${v.rows.map((row, r) => (row ? html`<span class="rowname" style=${`top:${((r + 0.5) / nr) * 100}%`}>${row}</span>` : nothing))}
      </div>
      <div class="cue-wrap">
        <div class="cue-scroll ${scrolls ? 'on' : ''}" data-testid="sweep-scroll">
          <div style=${scrolls ? `width:${nc * MIN_CELL_PX}px` : ''}>
            <div class="cells">
              <canvas
                data-testid="sweep-canvas"
                tabindex="0"
                role="img"
                style=${`height:${height}`}
                aria-label=${`${v.yLabel} × ${v.xLabel}: ${nr} × ${nc} cells. Arrow keys move between cells, Enter shows that run alone.`}
                data-selected=${v.selected}
                @mousemove=${(e: MouseEvent) => {
                  this.hovered = this.cellAt(e.clientX, e.clientY);
                }}
                @mouseleave=${() => {
                  this.hovered = -1;
                }}
                @click=${(e: MouseEvent) => this.#select(this.cellAt(e.clientX, e.clientY))}
                @keydown=${(e: KeyboardEvent) => this.#key(e)}
              ></canvas>
              ${picked >= 0 ? this.#mark(v, picked, 'picked') : nothing}
              ${this.hovered >= 0 ? this.#mark(v, this.hovered, 'hover') : nothing}
              ${shown ? this.#tip(v, this.hovered, shown) : nothing}
            </div>
            <div class="colnames" data-testid="sweep-colnames">
              ${cols.map((col, c) => (col ? colName(col, c) : nothing))}
            </div>
          </div>
        </div>
        <span class="cue" aria-hidden="true">scroll →</span>
      </div>
      <div class="xlabel">${v.xLabel}</div>
    </div>`;
  }
}

customElements.define('sweep-map', SweepMap);
declare global {
  interface HTMLElementTagNameMap {
    'sweep-map': SweepMap;
  }
}
