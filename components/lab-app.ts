import { LitElement, html, nothing } from 'lit';
import { labAppStyles } from './lab-app-styles.ts';
import './charts/decision-regions.ts';
import './controls/experiment-panel.ts';
import './controls/export-bar.ts';
import './lab-banners.ts';
import './charts/metric-chart.ts';
import './charts/norm-margins.ts';
import './controls/preset-bar.ts';
import './prep-progress.ts';
import './controls/run-controls.ts';
import './controls/run-legend.ts';
import './controls/speed-panel.ts';
import './charts/sweep-map.ts';
import './charts/template-viewer.ts';
import './theory-checks.ts';
import type { LabAction } from './lab-events.ts';
import type { ChartSeries, MetricChart } from './charts/metric-chart.ts';
import type { NormMargins, NormsView } from './charts/norm-margins.ts';
import type { FieldView } from './controls/experiment-panel.ts';
import type { PresetView } from './controls/preset-bar.ts';
import type { CheckView } from './theory-checks.ts';
import type { RegionPanel } from './charts/decision-regions.ts';
import type { MapPoint } from './charts/heat-map.ts';
import type { TemplateView } from './charts/template-viewer.ts';
import type { SpeedRow } from './controls/speed-panel.ts';
import type { BannerMessage } from './lab-banners.ts';
import type { PlayState } from './controls/run-controls.ts';
import type { LegendEntry } from './controls/run-legend.ts';
import type { SweepMapView } from './charts/sweep-map.ts';

/** One chart slot: its metric id, heading and log-mode y axis. */
interface ChartSlot {
  readonly id: string;
  readonly heading: string;
  readonly yLabel: string;
  readonly logY: 'log' | 'linear';
  readonly yWindow?: readonly [number, number];
  /** charts sharing it show one crosshair at the same t */
  readonly syncKey: string;
}

/** Everything the page shows, computed by the app's controller (see src/app/page.ts). */
export interface LabView {
  readonly presets: readonly PresetView[];
  /** id of the preset the experiment equals, or '' */
  readonly activePreset: string;
  readonly shareUrl: string;
  readonly shareNote: string;
  readonly messages: readonly BannerMessage[];
  readonly noWebGpu: string;
  readonly fields: readonly FieldView[];
  readonly showUpload: boolean;
  readonly uploadError: string;
  readonly uploadNote: string;
  readonly state: PlayState;
  readonly t: number;
  readonly steps: number;
  readonly stepsPerSecond: number;
  readonly secondsLeft: number | null;
  readonly engineName: string;
  readonly statusDetail: string;
  /** why Play is off (fields in red), '' when it is not */
  readonly blocked: string;
  /** a preparation under way (data, SVM targets) off the page's thread; absent otherwise */
  readonly preparing?: { readonly fraction: number; readonly stage: string };
  readonly logScale: boolean;
  /** the one legend of the run charts */
  readonly legend: { readonly common: string; readonly entries: readonly LegendEntry[] };
  /** over each empty chart: how to fill it, or (error) what failed and what to do */
  readonly chartHint: { readonly text: string; readonly error: boolean };
  readonly charts: readonly ChartSlot[];
  /** bands instead of a line per run (many runs): how they group, the choices, and what they show */
  readonly bands?: {
    readonly by: string;
    readonly options: readonly { readonly id: string; readonly label: string }[];
    readonly note: string;
    /** the same, short, under each chart's heading */
    readonly chartNote: string;
  };
  readonly hasRuns: boolean;
  readonly checksRun: string;
  readonly checksRunIndex: number;
  readonly runLabels: readonly string[];
  readonly checks: readonly CheckView[];
  /** the "margins in every norm" panel */
  readonly norms: NormsView;
  /** the sweep map, for experiments of many runs only */
  readonly sweep?: SweepMapView;
  readonly regions?: {
    readonly panels: readonly RegionPanel[];
    readonly points: readonly MapPoint[];
    readonly bounds: readonly [number, number, number, number];
    readonly note: string;
  };
  readonly template?: TemplateView;
  readonly speed: {
    readonly running: boolean;
    readonly gflops: number;
    readonly adapter: string;
    readonly rows: readonly SpeedRow[];
    readonly testing: boolean;
    readonly message: string;
  };
  /** sections hidden by hide= (presets, share, upload, export, speed, template, regions, checks) */
  readonly hidden: ReadonlySet<string>;
}

/**
 * The page's layout. It renders the view it is given and forwards every user action upward as a
 * `lab-action` event; the charts are filled directly by the app (see chartsFor / chart).
 */
export class LabApp extends LitElement {
  static override properties = { view: { attribute: false } };
  static override styles = labAppStyles;

  view?: LabView;

  /** The chart element for one metric id. */
  chart(id: string): MetricChart | null {
    return this.renderRoot.querySelector<MetricChart>(`metric-chart[data-chart='${id}']`);
  }

  /** The "margins in every norm" panel (its chart is filled by the page). */
  normMargins(): NormMargins | null {
    return this.renderRoot.querySelector<NormMargins>('norm-margins');
  }

  /** Sets every chart's curves: one per run, plus the chart's own reference lines. */
  resetCharts(series: (id: string) => ChartSeries[]): void {
    for (const slot of this.view?.charts ?? []) this.chart(slot.id)?.setSeries(series(slot.id));
  }

  protected override render() {
    const v = this.view;
    if (!v) return html`<p>Loading the lab…</p>`;
    const shown = (name: string) => !v.hidden.has(name);
    return html`
      ${this.#renderHeader()}
      <main>
        ${this.#renderPresetBar(v, shown)}
        <lab-banners .messages=${v.messages} .noWebGpu=${v.noWebGpu}></lab-banners>
        <div class="layout">${this.#renderExperiment(v, shown)} ${this.#renderResults(v, shown)}</div>
      </main>
    `;
  }

  /** The title and the paper the lab reproduces. */
  #renderHeader() {
    return html`
      <header>
        <h1>Implicit Bias Lab</h1>
        <a class="jump" href="#settings" data-testid="jump-settings" @click=${(e: Event) => this.#toSettings(e)}
          >Settings ↓</a
        >
        <p class="subtitle">
          Gradient descent on separable multiclass data converges in direction to the hard-margin SVM.
        </p>
        <p class="subtitle cite" data-testid="paper-citation">
          Hrithik Ravi, Clayton Scott, Daniel Soudry, Yutong Wang, “The Implicit Bias of Gradient Descent on Separable
          Multiclass Data”, NeurIPS 2024,
          <a href="https://arxiv.org/abs/2411.01350" target="_blank" rel="noopener">arXiv:2411.01350</a>.
        </p>
      </header>
    `;
  }

  /** The presets and the share link, unless the page hides both. */
  #renderPresetBar(v: LabView, shown: (name: string) => boolean) {
    return shown('presets') || shown('share')
      ? html`<preset-bar
          .presets=${shown('presets') ? v.presets : []}
          .active=${v.activePreset}
          .showShare=${shown('share')}
          .shareUrl=${v.shareUrl}
          .shareNote=${v.shareNote}
        ></preset-bar>`
      : nothing;
  }

  /** The left column: the run controls, the experiment's fields and (unless hidden) export and speed. */
  #renderExperiment(v: LabView, shown: (name: string) => boolean) {
    return html`
      <div class="experiment" role="region" aria-label="Experiment">
        <section class="run">
          <h2>Run</h2>
          <run-controls
            .state=${v.state}
            .t=${v.t}
            .steps=${v.steps}
            .stepsPerSecond=${v.stepsPerSecond}
            .secondsLeft=${v.secondsLeft}
            .engineName=${v.engineName}
            .detail=${v.statusDetail}
            .blocked=${v.blocked}
          ></run-controls>
          ${v.preparing ? html`<prep-progress .fraction=${v.preparing.fraction} .stage=${v.preparing.stage}></prep-progress>` : nothing}
        </section>
        <section class="settings" id="settings" tabindex="-1">
          <h2>Experiment</h2>
          <experiment-panel
            .fields=${v.fields}
            .showUpload=${v.showUpload}
            .uploadError=${v.uploadError}
            .uploadNote=${v.uploadNote}
          ></experiment-panel>
        </section>
        ${
          shown('export')
            ? html`<section class="extras">
                <h2>Export</h2>
                <export-bar ?disabled=${!v.hasRuns}></export-bar>
              </section>`
            : nothing
        }
        ${shown('speed') ? this.#renderSpeed(v) : nothing}
      </div>
    `;
  }

  /** The speed panel: the steps per second, and the adapter's measured GFLOP/s. */
  #renderSpeed(v: LabView) {
    return html`<section class="extras">
      <h2>Speed</h2>
      <speed-panel
        .stepsPerSecond=${v.stepsPerSecond}
        .running=${v.speed.running}
        .gflops=${v.speed.gflops}
        .adapter=${v.speed.adapter}
        .rows=${v.speed.rows}
        .testing=${v.speed.testing}
        .message=${v.speed.message}
      ></speed-panel>
    </section>`;
  }

  /** The right column: the sweep map, the live curves, the margins and (unless hidden) regions, checks, template. */
  #renderResults(v: LabView, shown: (name: string) => boolean) {
    return html`
      <div class="results">
        ${
          v.sweep
            ? html`<section aria-label="Sweep map">
                <h2>Sweep map: one cell per run</h2>
                <sweep-map .view=${v.sweep}></sweep-map>
              </section>`
            : nothing
        }
        ${this.#renderCurves(v)}
        <section aria-label="Margins in every norm">
          <h2>Margins in every norm</h2>
          <norm-margins .view=${v.norms}></norm-margins>
        </section>
        ${v.regions && shown('regions') ? this.#renderRegions(v.regions) : nothing}
        ${
          shown('checks')
            ? html`<section>
                <h2>Theory checks · ${v.checksRun}</h2>
                <theory-checks .checks=${v.checks} .runs=${v.runLabels} .run=${v.checksRunIndex}></theory-checks>
              </section>`
            : nothing
        }
        ${
          shown('template')
            ? html`<section id="template">
                <h2>Template viewer (the paper’s Figure 1)</h2>
                <template-viewer .view=${v.template}></template-viewer>
              </section>`
            : nothing
        }
      </div>
    `;
  }

  /** The decision regions of a 2-d data set. */
  #renderRegions(regions: NonNullable<LabView['regions']>) {
    return html`<section>
      <h2>Decision regions (d = 2)</h2>
      <decision-regions
        .panels=${regions.panels}
        .points=${regions.points}
        .bounds=${regions.bounds}
        .note=${regions.note}
      ></decision-regions>
    </section>`;
  }

  /** The live curves: the log-scale toggle, the bands' grouping, the legend and one chart per metric. */
  #renderCurves(v: LabView) {
    return html`
      <section aria-label="Live curves">
        <div class="curves-head">
          <h2>Live curves</h2>
          <label class="toggle">
            <input
              type="checkbox"
              data-testid="log-scale"
              .checked=${v.logScale}
              @change=${(e: Event) => this.#emit({ type: 'scale', log: (e.target as HTMLInputElement).checked })}
            />
            log-log axes
          </label>
        </div>
        ${v.bands ? this.#renderBands(v.bands) : nothing}
        <run-legend .entries=${v.legend.entries} .common=${v.legend.common}></run-legend>
        <div class="charts">${v.charts.map((c) => this.#renderChart(v, c))}</div>
      </section>
    `;
  }

  /** The bands' note with its choice of what groups the runs into bands. */
  #renderBands(bands: NonNullable<LabView['bands']>) {
    return html`<p class="bands" data-testid="bands-note">
      <label
        >Bands
        <select
          data-testid="bands-by"
          @change=${(e: Event) => this.#emit({ type: 'bands-by', by: (e.target as HTMLSelectElement).value })}
        >
          ${bands.options.map((o) => html`<option value=${o.id} ?selected=${o.id === bands.by}>${o.label}</option>`)}
        </select></label
      >
      ${bands.note}; <span class="on-mouse">click</span><span class="on-touch">tap</span> a cell of the sweep map to
      draw that run over them.
    </p>`;
  }

  /** One metric's chart slot (its series are set after render, by chart id). */
  #renderChart(v: LabView, c: LabView['charts'][number]) {
    return html`<metric-chart
      data-chart=${c.id}
      data-testid=${`chart-${c.id}`}
      heading=${c.heading}
      y-label=${c.yLabel}
      hint=${v.chartHint.text}
      ?hint-error=${v.chartHint.error}
      note=${v.bands?.chartNote ?? ''}
      .logScale=${v.logScale}
      .logY=${c.logY}
      .yWindow=${c.yWindow}
      sync-key=${c.syncKey}
    ></metric-chart>`;
  }

  /** The phone's jump link: a fragment cannot reach into the shadow root, so scroll to the settings here. */
  #toSettings(e: Event): void {
    const settings = this.renderRoot.querySelector<HTMLElement>('#settings');
    if (!settings) return;
    e.preventDefault();
    settings.scrollIntoView({ block: 'start' });
    settings.focus({ preventScroll: true });
  }

  #emit(action: LabAction): void {
    this.dispatchEvent(new CustomEvent<LabAction>('lab-action', { detail: action, bubbles: true, composed: true }));
  }
}

customElements.define('lab-app', LabApp);
declare global {
  interface HTMLElementTagNameMap {
    'lab-app': LabApp;
  }
}
