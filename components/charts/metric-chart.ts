import { LitElement, html, nothing } from 'lit';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import { CHART_HEIGHT_PX, METRIC_CHART_CSS } from './metric-chart-styles.ts';
import { unsafeCSS } from 'lit';
import { cursorOptions } from './cursor-sync.ts';
import {
  clampForLog,
  clampToWindow,
  offScaleNote,
  linearRange,
  linearSplits,
  logRange,
  logSplits,
  positiveExtent,
  tickLabels,
  tickText,
  windowedExtent,
} from './log-axis.ts';

/** One curve of a chart: its legend text, colour and whether it is a dashed reference line. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  /** line width in CSS pixels (1.5 unless given; 1 for dashed lines) */
  readonly width?: number;
  /** the upper edge of a shaded band: the index (in the same series list) of its lower edge, and the fill */
  readonly band?: { readonly lower: number; readonly fill: string };
}

/** Exactly the numbers a chart holds: the x column and one column per series (null = gap). */
interface Plotted {
  t: number[];
  series: { label: string; values: (number | null)[] }[];
}

/** How the y axis of a chart is drawn when the page is in log mode. */
type LogYKind = 'log' | 'linear';

/** Everything needed to draw the chart again elsewhere (the exported figure). */
export interface ChartFigure {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly logX: boolean;
  readonly logY: boolean;
  /** the linear y axis's display window, if it has one (values outside sit on its edges) */
  readonly yWindow?: readonly [number, number];
  readonly t: readonly number[];
  readonly series: readonly (ChartSeries & {
    readonly values: readonly (number | null)[];
    readonly visible: boolean;
  })[];
}

/** x range of an empty log-t chart, so that its axes show before the first run */
const EMPTY_LOG_X: [number, number] = [1, 1e5];

/**
 * A live line chart: rows are appended by the page, redrawn at most once per animation frame.
 * It holds the rows it is given, exactly; what uPlot gets is a display copy with zeros and tiny
 * values clamped onto the log axis. A drawing failure becomes a note in the chart, never an exception.
 */
export class MetricChart extends LitElement {
  static override properties = {
    heading: { type: String },
    logScale: { type: Boolean, attribute: 'log-scale' },
    logY: { type: String, attribute: 'log-y' },
    linearX: { type: Boolean, attribute: 'linear-x' },
    xLabel: { type: String, attribute: 'x-label' },
    yLabel: { type: String, attribute: 'y-label' },
    ownLegend: { type: Boolean, attribute: 'own-legend' },
    syncKey: { type: String, attribute: 'sync-key' },
    hint: { type: String },
    hintError: { type: Boolean, attribute: 'hint-error' },
    note: { type: String },
    yWindow: { attribute: false },
    offScale: { state: true },
    problem: { state: true },
    empty: { state: true },
  };
  static override styles = [unsafeCSS(uPlotCss), METRIC_CHART_CSS];

  heading = '';
  logScale = true;
  logY: LogYKind = 'log';
  /** keep x linear even in log mode (for x ranges that cross 0) */
  linearX = false;
  xLabel = 't (steps)';
  yLabel = '';
  /** draw uPlot's legend under the chart (the page's run charts share one legend instead) */
  ownLegend = false;
  /** charts with the same non-empty key share one crosshair at the same x (cursor-sync.ts) */
  syncKey = '';
  /** shown over an empty chart */
  hint = '';
  /** the hint says why the last Play failed: drawn as a problem, not as a grey prompt */
  hintError = false;
  /** a line under the heading saying how the curves were drawn (e.g. bands instead of runs) */
  note = '';
  /**
   * The display window of a linear y axis (e.g. [−1, 1.05] for a ratio that → 1): values outside it
   * sit on its edges and are counted in an off-scale note. Display only: `plotted` and `figure` keep them.
   */
  yWindow?: readonly [number, number];
  /** the off-scale note of the last drawing ('' when every value is inside the window) */
  offScale = '';
  /** why the chart could not be drawn, if it could not */
  problem = '';
  empty = true;

  #series: ChartSeries[] = [];
  #hidden = new Set<number>();
  #t: number[] = [];
  #columns: (number | null)[][] = [];
  #plot?: uPlot;
  #frame = 0;
  #resize?: ResizeObserver;
  #yRange: [number, number] = [0, 1];
  #xRange: [number, number] = EMPTY_LOG_X;
  #ySplits: number[] = [];
  #yLabels: string[] = [];

  /** What the chart holds right now, exactly (read by the browser tests). */
  get plotted(): Plotted {
    return {
      t: [...this.#t],
      series: this.#series.map((s, i) => ({ label: s.label, values: [...this.#columns[i]] })),
    };
  }

  /** The y ticks of the last drawing (log axes only; read by the browser tests). */
  get yTicks(): number[] {
    return [...this.#ySplits];
  }

  /** The cursor options the chart's uPlot was built with (read by the browser tests). */
  get cursor(): uPlot.Cursor | undefined {
    return this.#plot?.cursor;
  }

  /** The y tick labels uPlot last drew (read by the browser tests: an axis it gave up on has none). */
  get yLabels(): string[] {
    return [...this.#yLabels];
  }

  /** The y range uPlot last drew, in the values' own units (read by the browser tests); null before a drawing. */
  get yScale(): [number, number] | null {
    const { min, max } = this.#plot?.scales.y ?? {};
    if (min === undefined || max === undefined || min === null || max === null) return null;
    return this.#logYOn() ? [10 ** min, 10 ** max] : [min, max];
  }

  /** The chart's numbers and look, for the exported figure. */
  get figure(): ChartFigure {
    return {
      title: this.heading,
      xLabel: this.xLabel,
      yLabel: this.yLabel,
      logX: this.#logX(),
      logY: this.#logYOn(),
      yWindow: this.#logYOn() ? undefined : this.yWindow,
      t: [...this.#t],
      series: this.#series.map((s, i) => ({ ...s, values: [...this.#columns[i]], visible: !this.#hidden.has(i) })),
    };
  }

  /** Starts over with these curves and no rows. */
  setSeries(series: readonly ChartSeries[]): void {
    this.#series = [...series];
    this.#hidden.clear();
    this.#t = [];
    this.#columns = series.map(() => []);
    this.empty = true;
    this.#rebuild();
  }

  /** Shows or hides one curve (by its index in setSeries). */
  setVisible(index: number, visible: boolean): void {
    if (visible) this.#hidden.delete(index);
    else this.#hidden.add(index);
    this.#guard(() => this.#plot?.setSeries(index + 1, { show: visible }));
  }

  /** Adds one x value with one y value per curve (null where there is none). */
  addPoint(t: number, values: readonly (number | null)[]): void {
    this.#t.push(t);
    this.#columns.forEach((col, i) => col.push(values[i] ?? null));
    this.empty = false;
    this.#scheduleDraw();
  }

  protected override render() {
    return html`<figure>
      <figcaption>${this.heading}</figcaption>
      ${this.note ? html`<p class="note" data-testid="chart-note">${this.note}</p>` : nothing}
      ${this.offScale ? html`<p class="note" data-testid="chart-offscale">${this.offScale}</p>` : nothing}
      <div class="readout" aria-hidden="true"></div>
      <div class="frame">
        <div class="plot" role="img" aria-label=${`${this.heading} against ${this.xLabel}`}></div>
        ${
          this.problem
            ? html`<p class="problem" data-testid="chart-problem" role="status">${this.problem}</p>`
            : this.empty && this.hint
              ? html`<p
                  class=${this.hintError ? 'problem' : 'hint'}
                  data-testid="chart-hint"
                  data-state=${this.hintError ? 'error' : 'idle'}
                >
                  ${this.hint}
                </p>`
              : nothing
        }
      </div>
    </figure>`;
  }

  protected override firstUpdated(): void {
    const target = this.#target();
    this.#resize = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry.contentRect.width);
      if (width > 0) this.#guard(() => this.#plot?.setSize({ width, height: CHART_HEIGHT_PX }));
    });
    this.#resize.observe(target);
    this.#rebuild();
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (['logScale', 'logY', 'linearX', 'ownLegend', 'yWindow', 'syncKey'].some((k) => changed.has(k))) this.#rebuild();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#resize?.disconnect();
    this.#guard(() => this.#plot?.destroy());
    this.#plot = undefined;
  }

  #target(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.plot')!;
  }

  #logX(): boolean {
    return this.logScale && !this.linearX;
  }

  #logYOn(): boolean {
    return this.logScale && this.logY === 'log';
  }

  /** Runs a uPlot call; a failure is shown in the chart instead of escaping. */
  #guard(draw: () => void): void {
    try {
      draw();
      if (this.problem) this.problem = '';
    } catch (e) {
      this.problem = `this chart could not be drawn (${e instanceof Error ? e.message : String(e)}); the numbers are kept and exported as they are`;
    }
  }

  /**
   * The display copy for uPlot: ranges fixed from the exact numbers; on a log y axis the values are
   * clamped onto it and handed over as log10 on a linear scale (uPlot's own log scale gives up on
   * ranges such as 1e-300 … 1e5 and draws no ticks), labelled with the values themselves.
   */
  #data(): uPlot.AlignedData {
    if (this.#logX()) {
      const positiveT = this.#t.filter((t) => t > 0);
      this.#xRange =
        positiveT.length >= 2
          ? [Math.min(...positiveT), Math.max(...positiveT)]
          : positiveT.length
            ? logRange(positiveExtent([positiveT]))
            : EMPTY_LOG_X;
    }
    if (!this.#logYOn()) {
      this.#ySplits = [];
      return [this.#t, ...this.#windowed()] as uPlot.AlignedData;
    }
    const [floor, ceil] = (this.#yRange = logRange(
      positiveExtent(this.#columns.filter((_, i) => !this.#hidden.has(i))),
    ));
    this.#ySplits = logSplits(floor, ceil);
    return [
      this.#t,
      ...this.#columns.map((col) => col.map((v) => log10OrNull(clampForLog(v, floor, ceil)))),
    ] as uPlot.AlignedData;
  }

  /** The linear columns inside the y window (if any), and the off-scale note of the visible ones. */
  #windowed(): (number | null)[][] {
    const window = this.yWindow;
    if (!window) {
      this.offScale = '';
      return this.#columns;
    }
    const visible = clampToWindow(
      this.#columns.filter((_, i) => !this.#hidden.has(i)),
      window,
    );
    this.offScale = offScaleNote(visible, window);
    return clampToWindow(this.#columns, window).columns;
  }

  #scheduleDraw(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#guard(() => this.#plot?.setData(this.#data()));
    });
  }

  #rebuild(): void {
    if (!this.hasUpdated) return;
    this.#guard(() => {
      this.#plot?.destroy();
      this.#plot = undefined;
      this.#plot = this.#create();
    });
  }

  #create(): uPlot {
    const target = this.#target();
    const logX = this.#logX();
    const logY = this.#logYOn();
    const data = this.#data();
    return new uPlot(
      {
        width: Math.max(200, Math.floor(target.getBoundingClientRect().width)),
        height: CHART_HEIGHT_PX,
        scales: {
          x: logX
            ? { time: false, distr: 3, log: 10, range: () => this.#xRange }
            : {
                time: false,
                distr: 1,
                range: (_u: uPlot, min: number | null, max: number | null) => linearRange(min, max, 0),
              },
          y: logY
            ? { distr: 1, range: () => [Math.log10(this.#yRange[0]), Math.log10(this.#yRange[1])] }
            : {
                distr: 1,
                range: (_u: uPlot, min: number | null, max: number | null) =>
                  linearRange(...windowedExtent(min, max, this.yWindow)),
              },
        },
        axes: [
          {
            label: this.xLabel,
            labelSize: 18,
            size: 36,
            splits: logX
              ? () => logSplits(...this.#xRange)
              : (u: uPlot) => linearSplits(u.scales.x.min ?? NaN, u.scales.x.max ?? NaN),
            // uPlot's own log filter skips labels counting down from the top, out of step with these splits
            filter: logX ? (_u: uPlot, splits: number[]) => splits : undefined,
            values: (_u: uPlot, splits: (number | null)[]) => tickLabels(splits),
          },
          {
            size: 60,
            // our own splits on every axis: uPlot's tick loop never ends on a span below its values' resolution
            splits: logY
              ? () => this.#ySplits.map((v) => Math.log10(v))
              : (u: uPlot) => linearSplits(u.scales.y.min ?? NaN, u.scales.y.max ?? NaN),
            values: (_u: uPlot, splits: (number | null)[]) =>
              (this.#yLabels = tickLabels(
                splits.map((v) => (logY && v !== null ? Number((10 ** v).toPrecision(3)) : v)),
              )),
          },
        ],
        legend: { show: this.ownLegend, live: false },
        bands: this.#series.flatMap((s, i) =>
          s.band ? [{ series: [i + 1, s.band.lower + 1] as [number, number], fill: s.band.fill }] : [],
        ),
        cursor: cursorOptions(this.syncKey),
        hooks: { setCursor: [(u: uPlot) => this.#showReadout(u)] },
        series: [
          { label: this.xLabel },
          ...this.#series.map((s, i) => ({
            label: s.label,
            stroke: s.color,
            width: s.width ?? (s.dashed ? 1 : 1.5),
            dash: s.dashed ? [6, 4] : undefined,
            points: { show: false },
            spanGaps: false,
            show: !this.#hidden.has(i),
          })),
        ],
      },
      data,
      target,
    );
  }

  /** Under the title: t at the cursor and the exact value of the visible curve nearest to it. */
  #showReadout(u: uPlot): void {
    const out = this.renderRoot.querySelector<HTMLElement>('.readout');
    if (!out) return;
    const idx = u.cursor.idx;
    const top = u.cursor.top;
    if (idx === null || idx === undefined || top === undefined || top < 0) {
      out.textContent = '';
      return;
    }
    let best = -1;
    let bestGap = Infinity;
    this.#series.forEach((_s, i) => {
      const shown = (u.data[i + 1] as (number | null)[])[idx];
      if (this.#hidden.has(i) || shown === null || shown === undefined) return;
      const gap = Math.abs(u.valToPos(shown, 'y') - top);
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    });
    const x = `${this.xLabel.split(' ')[0]} = ${tickText(this.#t[idx])}`;
    out.textContent = best < 0 ? x : `${x} · ${this.#series[best].label}: ${exact(this.#columns[best][idx])}`;
  }
}

function log10OrNull(v: number | null): number | null {
  return v === null ? null : Math.log10(v);
}

function exact(v: number | null): string {
  return v === null ? '–' : Number(v.toPrecision(6)).toString();
}

customElements.define('metric-chart', MetricChart);

declare global {
  interface HTMLElementTagNameMap {
    'metric-chart': MetricChart;
  }
}
