// The export buttons: build the files from the controller's state and hand them to the browser.
import type { LabApp } from '../../../components/lab-app.ts';
import type { LabController } from '../controller.ts';
import { downloadText, downloadUrl, metricsCsv, metricsJson, weightsJson } from './export.ts';
import { CHARTS } from '../charts/chart-specs.ts';
import { figureSvg, type Figure } from '../charts/figure.ts';

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

/** Every chart in one figure: SVG as drawn, or PNG at twice the size on white. One download either way. */
export async function exportFigure(app: LabApp, lab: LabController, format: 'png' | 'svg'): Promise<void> {
  const charts = CHARTS.flatMap((spec) => {
    const chart = app.chart(spec.id);
    return chart ? [chart.figure] : [];
  });
  const figure = figureSvg({ title: figureTitle(lab), url: lab.url, charts });
  if (format === 'svg') {
    downloadText('implicit-bias-charts.svg', figure.svg, 'image/svg+xml');
    return;
  }
  const blob = await rasterise(figure, PNG_SCALE);
  downloadUrl('implicit-bias-charts.png', URL.createObjectURL(blob), true);
}

function figureTitle(lab: LabController): string {
  const runs = lab.runs.length;
  const name = lab.runs[0]?.problem.name.replace(/ seed=\d+$/, '') ?? '';
  return `Implicit Bias Lab · ${name}${runs > 1 ? ` · ${runs} runs` : ''} · t = ${lab.t.toLocaleString('en-US')}`;
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
