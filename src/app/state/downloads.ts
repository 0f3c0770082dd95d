// The export buttons: build the files from the controller's state and hand them to the browser.
import type { LabApp } from '../../../components/lab-app.ts';
import type { LabController } from '../controller.ts';
import { downloadText, downloadUrl, metricsCsv, metricsJson, weightsJson } from './export.ts';
import { CpuEngine } from '../../core/engine/cpu-engine.ts';
import { DEFAULT_PER_DECADE } from '../../core/engine/checkpoint-times.ts';
import { encodeExperiment } from '../../core/experiment/url.ts';
import { pythonProgram } from '../../core/export-python/python-program.ts';
import { CHARTS } from '../charts/chart-specs.ts';
import { drawnSummary, figureSvg, type Figure, type FigureChart } from '../charts/figure.ts';
import type { FigureHeat } from '../charts/figure-heat.ts';

/** The PNG figure is drawn at this multiple of its layout size, for slides and print. */
const PNG_SCALE = 2;

export function exportMetrics(lab: LabController, format: 'csv' | 'json'): void {
  const labels = lab.runs.map((r) => r.label);
  if (format === 'csv')
    downloadText(
      'implicit-bias-metrics.csv',
      metricsCsv(labels, lab.checkpoints, lab.url, lab.experiment.steps),
      'text/csv',
    );
  else
    downloadText(
      'implicit-bias-metrics.json',
      metricsJson(lab.experiment, lab.url, labels, lab.checkpoints),
      'application/json',
    );
}

export function exportWeights(lab: LabController): void {
  const records = lab.runs.map((r, i) => ({
    label: r.label,
    t: lab.t,
    d: r.problem.train.d,
    k: r.problem.train.k,
    W: lab.latestWeights[i] ?? r.W0,
    svm: r.problem.svm.W,
  }));
  downloadText('implicit-bias-weights.json', weightsJson(lab.url, records), 'application/json');
}

/**
 * The experiment as one Python program (numpy only) that prints the JSON lines of
 * `lab run --url <this page's link> --engine cpu` (docs/cli.md, "lab script"): the runs as prepared here,
 * with their Ŵ and γ_p, and the default checkpoint density.
 */
export function exportPython(lab: LabController): void {
  const program = pythonProgram({
    experiment: lab.experiment,
    link: encodeExperiment({ ...lab.experiment, engine: 'cpu' }),
    runs: lab.runs.map((spec, index) => ({ spec, index })),
    perDecade: DEFAULT_PER_DECADE,
    finalOnly: false,
    version: `the Export bar of the lab's page at ${lab.url}`,
    engine: { kind: 'cpu', device: new CpuEngine().device },
  });
  downloadText(`implicit-bias-lab-${lab.activePreset?.id ?? 'experiment'}.py`, program, 'text/x-python');
}

/** Every chart in one figure: SVG as drawn, or PNG at twice the size on white. One download either way. */
export async function exportFigure(app: LabApp, lab: LabController, format: 'png' | 'svg'): Promise<void> {
  const charts: FigureChart[] = CHARTS.flatMap((spec) => {
    const chart = app.chart(spec.id);
    return chart ? [chart.figure] : [];
  });
  const runCharts = [...charts];
  const norms = normsFigure(app);
  if (norms.chart) charts.push(norms.chart);
  const figure = figureSvg({ title: figureTitle(lab, runCharts), url: lab.url, charts, heat: norms.heat });
  if (format === 'svg') {
    downloadText('implicit-bias-charts.svg', figure.svg, 'image/svg+xml');
    return;
  }
  const blob = await rasterise(figure, PNG_SCALE);
  downloadUrl('implicit-bias-charts.png', URL.createObjectURL(blob), true);
}

/**
 * The ρ_p chart and the optimizer × norm heat map, where the page shows them (a run with γ_p, the
 * panel not hidden by the link): the chart keeps its own legend, a colour per norm.
 */
function normsFigure(app: LabApp): { chart?: FigureChart; heat?: FigureHeat } {
  const panel = app.normMargins();
  const figure = panel?.chart?.figure;
  const view = panel?.view;
  const drawn = figure?.series.some((s) => !s.dashed && s.values.some((v) => v !== null));
  const run = view?.runs[view.run];
  const chart =
    figure && drawn
      ? {
          ...figure,
          title: `ρ_p = m(W)/(‖W‖_p γ_p)${run ? ` of ${run}` : ''}: → 1 toward the p-norm max-margin W`,
          yLabel: 'ρ_p',
          ownLegend: true,
        }
      : undefined;
  const heat = view && view.rows.length ? { norms: view.norms, t: view.t, rows: view.rows } : undefined;
  return { chart, heat };
}

/** "Implicit Bias Lab · paper N=100 d=10 K=3 · 9 of 10 runs · t = 100,000": the runs as drawn. */
function figureTitle(lab: LabController, charts: readonly FigureChart[]): string {
  const runs = lab.runs.length;
  const name = lab.runs[0]?.problem.name.replace(/ seed=\d+$/, '') ?? '';
  return `Implicit Bias Lab · ${name}${runs > 1 ? ` · ${drawnSummary(charts, runs)}` : ''} · t = ${lab.t.toLocaleString('en-US')}`;
}

async function rasterise(figure: Figure, scale: number): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(figure.svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = figure.width * scale;
  canvas.height = figure.height * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))),
      'image/png',
    ),
  );
}
