import { LitElement, css, html, unsafeCSS } from 'lit';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';

/** One curve of a chart: its legend text, colour and whether it is a dashed reference line. */
export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
}

/** Exactly what uPlot draws: the x column and one column per series (null = gap). */
export interface Plotted {
  t: number[];
  series: { label: string; values: (number | null)[] }[];
}

/** How the y axis of a chart is drawn when the page is in log mode. */
export type LogYKind = 'log' | 'linear';

const CHART_HEIGHT_PX = 200;

/**
 * A live line chart: rows are appended by the page, redrawn at most once per animation frame.
 * It holds the rows it is given and nothing else; every number comes from the controller.
 */
export class MetricChart extends LitElement {
  static override properties = {
    heading: { type: String },
    logScale: { type: Boolean, attribute: 'log-scale' },
    logY: { type: String, attribute: 'log-y' },
    linearX: { type: Boolean, attribute: 'linear-x' },
    xLabel: { type: String, attribute: 'x-label' },
  };
  static override styles = [
    unsafeCSS(uPlotCss),
    css`
      :host { display: block; min-width: 0; }
      figure { margin: 0; }
      figcaption { font: 600 0.85rem/1.3 system-ui, sans-serif; margin: 0 0 0.25rem; }
      .plot { width: 100%; min-height: ${CHART_HEIGHT_PX}px; }
      .uplot { font-family: system-ui, sans-serif; }
      .u-legend { font-size: 0.68rem; line-height: 1.15; text-align: left; max-height: 9em; overflow-y: auto; }
      /* runs wrap side by side instead of one per row, so ten seeds fit under a chart */
      .u-legend { display: block; width: 100%; }
      .u-legend tbody { display: flex; flex-wrap: wrap; column-gap: 0.6rem; width: 100%; }
      .u-legend tr.u-series { display: inline-flex; align-items: center; }
      .u-legend .u-series > * { padding: 0 2px; }
    `,
  ];

  heading = '';
  logScale = true;
  logY: LogYKind = 'log';
  /** keep x linear even in log mode (for x ranges that cross 0) */
  linearX = false;
  xLabel = 't (steps)';

  #series: ChartSeries[] = [];
  #t: number[] = [];
  #columns: (number | null)[][] = [];
  #plot?: uPlot;
  #frame = 0;
  #resize?: ResizeObserver;

  /** What uPlot draws right now (read by the browser tests). */
  get plotted(): Plotted {
    return {
      t: [...this.#t],
      series: this.#series.map((s, i) => ({ label: s.label, values: [...this.#columns[i]] })),
    };
  }

  /** Starts over with these curves and no rows. */
  setSeries(series: readonly ChartSeries[]): void {
    this.#series = [...series];
    this.#t = [];
    this.#columns = series.map(() => []);
    this.#rebuild();
  }

  /** Adds one x value with one y value per curve (null where there is none). */
  addPoint(t: number, values: readonly (number | null)[]): void {
    this.#t.push(t);
    this.#columns.forEach((col, i) => col.push(values[i] ?? null));
    this.#scheduleDraw();
  }

  /** The chart as a PNG data URL, for export. */
  toPng(): string | undefined {
    return this.#plot?.ctx.canvas.toDataURL('image/png');
  }

  protected override render() {
    return html`<figure>
      <figcaption>${this.heading}</figcaption>
      <div class="plot" role="img" aria-label=${`${this.heading} against ${this.xLabel}`}></div>
    </figure>`;
  }

  protected override firstUpdated(): void {
    const target = this.#target();
    this.#resize = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry.contentRect.width);
      if (width > 0) this.#plot?.setSize({ width, height: CHART_HEIGHT_PX });
    });
    this.#resize.observe(target);
    this.#rebuild();
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('logScale') || changed.has('logY') || changed.has('linearX')) this.#rebuild();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#resize?.disconnect();
    this.#plot?.destroy();
    this.#plot = undefined;
  }

  #target(): HTMLElement {
    return this.renderRoot.querySelector<HTMLElement>('.plot')!;
  }

  #data(): uPlot.AlignedData {
    return [this.#t, ...this.#columns] as uPlot.AlignedData;
  }

  #scheduleDraw(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#plot?.setData(this.#data());
    });
  }

  #rebuild(): void {
    if (!this.hasUpdated) return;
    this.#plot?.destroy();
    const target = this.#target();
    const yDistr = this.logScale && this.logY === 'log' ? 3 : 1;
    this.#plot = new uPlot(
      {
        width: Math.max(200, Math.floor(target.getBoundingClientRect().width)),
        height: CHART_HEIGHT_PX,
        scales: { x: { time: false, distr: this.logScale && !this.linearX ? 3 : 1 }, y: { distr: yDistr } },
        axes: [
          { label: this.xLabel, labelSize: 18, size: 36 },
          { size: 56, values: (_u: uPlot, splits: (number | null)[]) => splits.map(tickText) },
        ],
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
        series: [
          { label: this.xLabel },
          ...this.#series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: s.dashed ? 1 : 1.5,
            dash: s.dashed ? [6, 4] : undefined,
            points: { show: false },
            spanGaps: false,
          })),
        ],
      },
      this.#data(),
      target,
    );
  }
}

/** Tick text that stays readable from 1e-6 to 1e6 (uPlot's default rounds tiny log ticks to 0). */
function tickText(v: number | null): string {
  if (v === null || v === undefined) return '';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

customElements.define('metric-chart', MetricChart);

declare global {
  interface HTMLElementTagNameMap {
    'metric-chart': MetricChart;
  }
}
