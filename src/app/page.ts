// Wires the controller to the <lab-app> element: builds the view, streams checkpoints into the
// charts, turns user actions into controller calls, and exposes the test hook.
import type { LabAction } from '../../components/lab-events.ts';
import type { LabApp, LabView } from '../../components/lab-app.ts';
import type { NormsView } from '../../components/charts/norm-margins.ts';
import type { ChartSeries } from '../../components/charts/metric-chart.ts';
import type { SweepMapView } from '../../components/charts/sweep-map.ts';
import { NORM_NAMES, type Checkpoint, type LossName } from '../core/types.ts';
import { CHARTS, chartSlots, FIRST_PLOTTED_T, plotValue, runColor } from './charts/chart-specs.ts';
import { LabController } from './controller.ts';
import { exportFigure, exportMetrics, exportPython, exportWeights } from './state/downloads.ts';
import { formatSeeds } from '../core/experiment/experiment.ts';
import { legendText } from './charts/legend.ts';
import { normHeatRows } from './charts/norm-heat.ts';
import { fieldViews, stepHint, stepWarning } from './state/fields.ts';
import { PRESETS, activePresetId } from './state/presets.ts';
import { SpeedTest } from './engines/speed-test.ts';
import { templateView } from './charts/template-data.ts';
import { chartHint, checkViews, regionsView } from './views.ts';
import { SWEEP_MAP_METRICS, SWEEP_MAP_MIN_RUNS, sweepMapView } from './charts/sweep-view.ts';
import type { BandsBy, SweepMetric } from '../core/theory/sweep-stats.ts';
import {
  BANDS_BY,
  bandLegend,
  bandPlan,
  bandRow,
  bandSeries,
  groupCurves,
  type BandPlan,
} from './charts/chart-bands.ts';

const DEFAULT_TEMPLATE_U2 = 2;

export interface LabHook {
  experiment(): unknown;
  checkpoints(): Checkpoint[][];
  state(): string;
  engine(): string;
  runs(): string[];
  /** the preparation's progress while data and SVM targets are built in the worker, else null */
  preparing(): { fraction: number; stage: string } | null;
}

export class LabPage {
  readonly lab = new LabController();
  readonly speed = new SpeedTest();
  #template = { loss: 'ce' as LossName, u2: DEFAULT_TEMPLATE_U2, view: templateView('ce', DEFAULT_TEMPLATE_U2) };
  #frame = 0;
  #checksRun = 0;
  /** the run whose ρ_p the "margins in every norm" chart follows */
  #normsRun = 0;
  /** the template viewer follows the experiment's first loss until the user picks one */
  #templatePicked = false;
  /** runs switched off in the shared legend (by index), for every chart at once */
  #hiddenRuns = new Set<number>();
  /** the sweep map's colour and the run it shows alone (−1: all runs) */
  #sweepMetric: SweepMetric = 'distance';
  #sweepRun = -1;
  /** bands instead of a line per run, for experiments as large as the sweep map's (undefined: lines) */
  #plan?: BandPlan;
  #bandsBy: BandsBy = 'lr';
  /** runs that have diverged: left out of their bands from t = 1 on (the bands are drawn again without them) */
  #diverged = new Set<number>();
  #redrawBands = 0;
  /** views that cost O(runs) to build, kept while their inputs stay the same */
  #memo: { labelsOf?: unknown; labels: readonly string[]; sweepOf?: unknown; sweepKey: string; sweep?: SweepMapView } =
    { labels: [], sweepKey: '' };

  constructor(readonly app: LabApp) {}

  /** Renders, reads the URL and returns the test hook; a shared link then starts running. */
  async start(): Promise<LabHook> {
    this.app.addEventListener('lab-action', (e) => void this.#act(e.detail));
    this.lab.readUrl();
    // a preset's link opens as its button does: the phase diagram's map coloured by its number
    this.#sweepMetric =
      PRESETS.find((p) => p.id === activePresetId(this.lab.experiment))?.sweepMetric ?? this.#sweepMetric;
    this.lab.subscribe(() => this.#renderSoon());
    this.speed.subscribe(() => this.#renderSoon());
    this.#render();
    await this.app.updateComplete;
    this.lab.stream({
      reset: (labels) => {
        this.#hiddenRuns.clear();
        this.#sweepRun = -1;
        this.#diverged.clear();
        this.#plan = this.#bandPlan();
        this.app.resetCharts((id) => this.#seriesFor(id, labels));
        if (this.#normsRun >= labels.length) this.#normsRun = 0;
        this.#resetNormsChart();
        this.#renderSoon();
      },
      checkpoints: (batch) => this.#plot(batch),
    });
    void this.lab.begin();
    return this.hook();
  }

  hook(): LabHook {
    return {
      experiment: () => structuredClone(this.lab.experiment),
      checkpoints: () => this.lab.checkpoints.map((s) => s.map((c) => ({ ...c }))),
      state: () => this.lab.state,
      engine: () => this.lab.engineName,
      runs: () => this.lab.runs.map((r) => r.label),
      preparing: () => (this.lab.preparation.progress ? { ...this.lab.preparation.progress } : null),
    };
  }

  // ---- charts ----

  #seriesFor(chartId: string, labels: readonly string[]): ChartSeries[] {
    const spec = CHARTS.find((c) => c.id === chartId)!;
    if (this.#plan) return bandSeries(this.#plan, spec, this.#sweepRun >= 0 ? labels[this.#sweepRun] : undefined);
    const runs = labels.map((label, i) => ({ label, color: runColor(i) }));
    return spec.reference ? [...runs, { label: spec.reference.label, color: '#555', dashed: true }] : runs;
  }

  /** ρ_p of the chosen run, one curve per norm, and the line y = 1 */
  #resetNormsChart(): void {
    const chart = this.app.normMargins()?.chart;
    if (!chart) return;
    chart.setSeries([
      ...NORM_NAMES.map((p, i) => ({ label: p, color: runColor(i) })),
      { label: 'y = 1', color: '#555', dashed: true },
    ]);
    for (const c of this.lab.checkpoints[this.#normsRun] ?? []) this.#plotNorms(c);
  }

  #plotNorms(c: Checkpoint): void {
    if (c.t < FIRST_PLOTTED_T) return;
    const values = NORM_NAMES.map((p) => {
      const v = c.rho?.[p];
      return v !== null && v !== undefined && Number.isFinite(v) ? v : null;
    });
    this.app.normMargins()?.chart?.addPoint(c.t, [...values, 1]);
  }

  /** Bands for a sweep as large as the sweep map's, at the η its preset's sentence names; else none. */
  #bandPlan(): BandPlan | undefined {
    if (this.lab.runs.length < SWEEP_MAP_MIN_RUNS) return undefined;
    const preset = PRESETS.find((p) => p.id === activePresetId(this.lab.experiment));
    return bandPlan(this.lab.runs, this.#bandsBy, preset?.bandLrs);
  }

  /**
   * A run has just diverged: in bands mode its band is drawn again without it, from t = 1 on (once a
   * frame, however many diverge), so that its last finite values never set the axes.
   */
  #noteDiverged(batch: readonly Checkpoint[]): void {
    let fresh = false;
    for (const c of batch)
      if (c.status === 'diverged' && !this.#diverged.has(c.run)) {
        this.#diverged.add(c.run);
        fresh = true;
      }
    if (!fresh || !this.#plan || this.#redrawBands) return;
    this.#redrawBands = requestAnimationFrame(() => {
      this.#redrawBands = 0;
      const hidden = [...this.#hiddenRuns];
      this.#replot();
      for (const entry of hidden) this.#legendInBands(this.#plan!, entry, false);
    });
  }

  #plot(batch: readonly Checkpoint[]): void {
    this.#noteDiverged(batch);
    const t = batch[0]?.t;
    if (t === undefined || t < FIRST_PLOTTED_T) return;
    const chosen = batch.find((c) => c.run === this.#normsRun);
    if (chosen) this.#plotNorms(chosen);
    // while the bands wait to be drawn again, the redraw draws this batch's row too
    if (!this.#redrawBands) this.#plotCharts(batch, t);
  }

  /** One row of every run chart: a value per run, or per band in bands mode. */
  #plotCharts(batch: readonly Checkpoint[], t: number): void {
    const runs = this.lab.runs.length;
    const plan = this.#plan;
    if (plan) {
      const picked = this.#sweepRun >= 0 ? this.#sweepRun : undefined;
      for (const spec of CHARTS)
        this.app.chart(spec.id)?.addPoint(t, bandRow(plan, this.lab.runs, batch, spec, picked, this.#diverged));
      return;
    }
    for (const spec of CHARTS) {
      const values: (number | null)[] = new Array(runs).fill(null);
      for (const c of batch) values[c.run] = plotValue(spec, c);
      if (spec.reference) values.push(spec.reference.value(t));
      this.app.chart(spec.id)?.addPoint(t, values);
    }
  }

  // ---- actions ----

  async #act(action: LabAction): Promise<void> {
    switch (action.type) {
      case 'play':
        return this.lab.play();
      case 'pause':
        return this.lab.pause();
      case 'step':
        return this.lab.step();
      case 'reset':
        return this.lab.reset();
      case 'cancel-prepare':
        return this.lab.cancelPreparation();
      case 'share':
        return this.lab.share();
      case 'field':
        return this.lab.setField(action.field, action.raw);
      case 'upload':
        return this.lab.upload(action.file);
      case 'scale':
        return this.lab.setLogScale(action.log);
      case 'speed-test':
        return this.speed.run(this.lab.experiment);
      case 'preset': {
        const preset = PRESETS.find((p) => p.id === action.id);
        this.#templatePicked = preset?.templateLoss !== undefined;
        if (preset?.templateLoss) this.#setTemplate(preset.templateLoss, this.#template.u2);
        // the sweep map (first of the results) opens coloured by the preset's number
        if (preset?.sweepMetric) this.#sweepMetric = preset.sweepMetric;
        await this.lab.applyPreset(action.id);
        if (preset?.id === 'figure1')
          this.app.renderRoot.querySelector('#template')?.scrollIntoView({ behavior: 'smooth' });
        return;
      }
      case 'template':
        this.#templatePicked = true;
        return this.#setTemplate(action.loss as LossName, action.u2);
      case 'checks-run':
        this.#checksRun = action.run;
        return this.#renderSoon();
      case 'norms-run':
        this.#normsRun = action.run;
        this.#resetNormsChart();
        return this.#renderSoon();
      case 'export': {
        if (action.what === 'csv' || action.what === 'json') return exportMetrics(this.lab, action.what);
        if (action.what === 'weights') return exportWeights(this.lab);
        if (action.what === 'python') return exportPython(this.lab);
        return exportFigure(this.app, this.lab, action.what);
      }
      case 'legend': {
        if (this.#plan) return this.#legendInBands(this.#plan, action.run, action.on);
        this.#sweepRun = -1;
        this.#showRun(action.run, action.on);
        return this.#renderSoon();
      }
      case 'bands-by':
        if (!BANDS_BY.some((b) => b.id === action.by) || action.by === this.#bandsBy) return;
        this.#bandsBy = action.by as BandsBy;
        if (this.#plan) this.#plan = this.#bandPlan();
        return this.#replot();
      case 'sweep-metric':
        if (SWEEP_MAP_METRICS.some((m) => m.id === action.metric)) this.#sweepMetric = action.metric as SweepMetric;
        return this.#renderSoon();
      case 'sweep-select': {
        // a click picks that run (its own curves), a second click drops it
        this.#sweepRun = this.#sweepRun === action.run ? -1 : action.run;
        if (this.#plan) {
          // bands stay; the run is drawn over them as its own line, and the theory checks follow it
          if (this.#sweepRun >= 0) this.#checksRun = this.#sweepRun;
          return this.#replot();
        }
        this.lab.runs.forEach((_, r) => this.#showRun(r, this.#sweepRun < 0 || r === this.#sweepRun));
        return this.#renderSoon();
      }
    }
  }

  /** In bands mode a legend entry is a band (its three curves), then the picked run (a click drops it). */
  #legendInBands(plan: BandPlan, entry: number, on: boolean): void {
    if (entry >= plan.groups.length) {
      if (entry === plan.groups.length && this.#sweepRun >= 0) {
        this.#sweepRun = -1;
        this.#replot();
      }
      return;
    }
    if (on) this.#hiddenRuns.delete(entry);
    else this.#hiddenRuns.add(entry);
    for (const spec of CHARTS) for (const i of groupCurves(entry)) this.app.chart(spec.id)?.setVisible(i, on);
    this.#renderSoon();
  }

  /** Draws every chart again from the checkpoints so far (bands regrouped, a run picked or dropped). */
  #replot(): void {
    const labels = this.#labels();
    this.#hiddenRuns.clear();
    this.app.resetCharts((id) => this.#seriesFor(id, labels));
    const series = this.lab.checkpoints;
    const rows = series.reduce((m, s) => Math.max(m, s.length), 0);
    for (let i = 0; i < rows; i++) {
      const batch = series.flatMap((s) => (s[i] ? [s[i]] : []));
      if (batch.length && batch[0].t >= FIRST_PLOTTED_T) this.#plotCharts(batch, batch[0].t);
    }
    this.#renderSoon();
  }

  /** Shows or hides one run in every chart, as the shared legend does. */
  #showRun(run: number, on: boolean): void {
    if (on === !this.#hiddenRuns.has(run)) return;
    if (on) this.#hiddenRuns.delete(run);
    else this.#hiddenRuns.add(run);
    for (const spec of CHARTS) this.app.chart(spec.id)?.setVisible(run, on);
  }

  #setTemplate(loss: LossName, u2: number): void {
    this.#template = { loss, u2, view: templateView(loss, u2) };
    this.#renderSoon();
  }

  /** Space: play/pause; S: step; R: reset. Ignored while typing in a field. */
  onKey(e: KeyboardEvent): void {
    const target = e.composedPath()[0];
    if (
      target instanceof HTMLInputElement ||
      target instanceof HTMLSelectElement ||
      target instanceof HTMLTextAreaElement
    )
      return;
    if (target instanceof HTMLButtonElement && e.key === ' ') return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === ' ') {
      e.preventDefault();
      void (this.lab.state === 'running' ? this.lab.pause() : this.lab.play());
    } else if (e.key === 's' || e.key === 'S') void this.lab.step();
    else if (e.key === 'r' || e.key === 'R') void this.lab.reset();
  }

  // ---- view ----

  #renderSoon(): void {
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      this.#render();
    });
  }

  #normsView(): NormsView {
    const lab = this.lab;
    const latest = lab.checkpoints.map((series) => series.at(-1));
    const t = latest.reduce((m, c) => Math.max(m, c?.t ?? 0), 0);
    const problem = lab.runs[this.#normsRun]?.problem;
    const gamma = problem?.norms?.gamma;
    const note = !problem
      ? 'γ_p, the largest margin a W of p-norm 1 can reach, is solved (with a certificate) for each data set when a run starts.'
      : gamma
        ? `γ_p of ${problem.name}: ${NORM_NAMES.map((p) => `${p} ${Number.isFinite(gamma[p]) ? gamma[p].toPrecision(6) : 'not certified'}`).join(', ')} (sign descent and Adam without ε are biased toward max, spectral descent and Muon toward spectral, GD toward fro; Adam with ε toward max while its gradients are far above ε, fro once they are far below)`
        : 'γ_p are not available for these data (see the message above), so ρ_p is not drawn';
    return {
      norms: NORM_NAMES,
      runs: this.#labels(),
      run: this.#normsRun,
      t,
      rows: this.#heatRows(latest),
      note:
        lab.runs.length >= SWEEP_MAP_MIN_RUNS
          ? `${note}. In a sweep the table shows the run picked on the sweep map (colour the map by ρ_fro to see every run's)`
          : note,
    };
  }

  /**
   * The run labels, one array while the runs stay the same: the page renders on every change (steps/s,
   * a checkpoint), and a new array of 10⁴ labels would make every run picker rebuild its options.
   */
  #labels(): readonly string[] {
    if (this.#memo.labelsOf !== this.lab.runs)
      this.#memo = { ...this.#memo, labelsOf: this.lab.runs, labels: this.lab.runs.map((r) => r.label) };
    return this.#memo.labels;
  }

  /** The sweep map, computed again only when a checkpoint, the colour or the picked run changes. */
  #sweepView(): SweepMapView | undefined {
    const lab = this.lab;
    const key = `${lab.checkpoints[0]?.length ?? 0}|${lab.checkpoints[0]?.at(-1)?.t ?? -1}|${this.#sweepMetric}|${this.#sweepRun}`;
    if (this.#memo.sweepOf !== lab.runs || this.#memo.sweepKey !== key) {
      const sweep = sweepMapView(
        lab.runs,
        lab.checkpoints.map((c) => c.at(-1)),
        this.#sweepMetric,
        this.#sweepRun,
      );
      this.#memo = { ...this.#memo, sweepOf: lab.runs, sweepKey: key, sweep };
    }
    return this.#memo.sweep;
  }

  /** ρ_p rows: every run's, or in a sweep the picked run's alone (10⁴ rows of five cells would stall the page). */
  #heatRows(latest: readonly (Checkpoint | undefined)[]): NormsView['rows'] {
    const lab = this.lab;
    if (!latest.some((c) => c?.rho)) return [];
    if (lab.runs.length < SWEEP_MAP_MIN_RUNS) return normHeatRows(lab.runs, lab.checkpoints);
    const r = this.#sweepRun;
    return r >= 0 && lab.runs[r] ? normHeatRows([lab.runs[r]], [lab.checkpoints[r]]) : [];
  }

  #render(): void {
    const lab = this.lab;
    const hidden = lab.hidden;
    if (this.#checksRun >= lab.runs.length) this.#checksRun = 0;
    const checks = checkViews(lab, this.#checksRun);
    const firstLoss = lab.experiment.losses[0];
    if (!this.#templatePicked && firstLoss && firstLoss !== this.#template.loss) {
      this.#template = { loss: firstLoss, u2: this.#template.u2, view: templateView(firstLoss, this.#template.u2) };
    }
    const view: LabView = {
      presets: PRESETS.map((p) => ({ id: p.id, label: p.label, title: p.title, claim: p.claim })),
      activePreset: activePresetId(lab.experiment),
      shareUrl: lab.shareUrl,
      shareNote: lab.shareNote,
      messages: lab.messages,
      noWebGpu: lab.noWebGpu,
      fields: fieldViews(
        lab.experiment,
        lab.fieldErrors,
        hidden,
        stepHint(lab.experiment, lab.boundProblem),
        stepWarning(lab.experiment, lab.boundProblem),
      ),
      showUpload: !hidden.has('upload'),
      uploadError: lab.uploadError,
      uploadNote: lab.uploadNote,
      state: lab.state,
      t: lab.t,
      steps: lab.experiment.steps,
      stepsPerSecond: lab.stepsPerSecond,
      secondsLeft: lab.secondsLeft,
      engineName: lab.engineName,
      preparing: lab.preparation.progress,
      statusDetail: [runSummary(lab), lab.engineNote].filter(Boolean).join(' · '),
      blocked: lab.blockedReason,
      logScale: lab.experiment.scale === 'log',
      legend: this.#legend(),
      chartHint: chartHint(lab),
      charts: chartSlots(),
      bands: this.#plan
        ? { by: this.#plan.by, options: BANDS_BY, note: this.#plan.note, chartNote: this.#plan.chartNote }
        : undefined,
      hasRuns: lab.runs.length > 0,
      checksRun: checks.run,
      checksRunIndex: this.#checksRun,
      runLabels: this.#labels(),
      checks: checks.checks,
      norms: this.#normsView(),
      sweep: this.#sweepView(),
      regions: regionsView(lab),
      template: this.#template.view,
      speed: {
        running: lab.state === 'running',
        gflops: lab.gflops,
        adapter: lab.engineName,
        rows: this.speed.rows,
        testing: this.speed.testing,
        message: this.speed.message,
      },
      hidden,
    };
    this.app.view = view;
  }

  /** The shared legend: each run by what sets it apart, then the charts' reference lines. */
  #legend(): LabView['legend'] {
    const labels = this.#labels();
    const plan = this.#plan;
    if (plan)
      return {
        common: '',
        entries: bandLegend(plan, this.#hiddenRuns, this.#sweepRun, labels[this.#sweepRun], this.#diverged),
      };
    const { common, short } = legendText(labels);
    const refs = CHARTS.flatMap((c) => (c.reference ? [c.reference.label] : []));
    return {
      common,
      entries: [
        ...labels.map((label, i) => ({ text: short[i], label, color: runColor(i), on: !this.#hiddenRuns.has(i) })),
        ...(labels.length
          ? refs.map((label) => ({
              text: `${label} (reference)`,
              label,
              color: '#555',
              on: true,
              dashed: true,
              fixed: true,
            }))
          : []),
      ],
    };
  }
}

/** "10 runs · paper N=100 d=10 K=3 · seeds 0..9": the experiment's runs, not just the first one's. */
function runSummary(lab: LabController): string {
  const runs = lab.runs;
  if (!runs.length) return '';
  const data = runs[0].problem.name.replace(/ seed=\d+$/, '');
  const seeds = lab.experiment.seeds;
  const seedText =
    lab.experiment.data === 'upload' ? '' : ` · seed${seeds.length > 1 ? 's' : ''} ${formatSeeds(seeds)}`;
  return `${runs.length.toLocaleString('en-US')} run${runs.length > 1 ? 's' : ''} · ${data}${seedText}`;
}
