// The export buttons: build the files from the controller's state and hand them to the browser.
import type { LabApp } from '../../components/lab-app.ts';
import type { LabController } from './controller.ts';
import { downloadText, downloadUrl, metricsCsv, metricsJson, weightsJson } from './export.ts';
import { CHARTS } from './charts.ts';

/** Browsers drop some of several downloads started in one go; space them out a little. */
const DOWNLOAD_GAP_MS = 250;

export function exportMetrics(lab: LabController, format: 'csv' | 'json'): void {
  const labels = lab.runs.map((r) => r.label);
  if (format === 'csv') downloadText('implicit-bias-metrics.csv', metricsCsv(labels, lab.checkpoints), 'text/csv');
  else downloadText('implicit-bias-metrics.json', metricsJson(lab.experiment, lab.url, labels, lab.checkpoints), 'application/json');
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

export async function exportCharts(app: LabApp): Promise<void> {
  for (const spec of CHARTS) {
    const png = app.chart(spec.id)?.toPng();
    if (!png) continue;
    downloadUrl(`implicit-bias-${spec.id}.png`, png);
    await new Promise((resolve) => setTimeout(resolve, DOWNLOAD_GAP_MS));
  }
}
