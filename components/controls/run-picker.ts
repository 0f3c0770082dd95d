// The run picker of the theory checks and the ρ_p chart: a list of the runs, or for a sweep of
// thousands a run number and its label (a <select> of 10⁴ options took over a second to build).
import { html, type TemplateResult } from 'lit';

/** More runs than this are picked by number. */
const RUN_LIST_MAX = 200;

export function runPicker(
  testId: string,
  runs: readonly string[],
  run: number,
  pick: (run: number) => void,
): TemplateResult {
  if (runs.length <= RUN_LIST_MAX) {
    return html`<label
      >Run
      <select data-testid=${testId} @change=${(e: Event) => pick(Number((e.target as HTMLSelectElement).value))}>
        ${runs.map((label, i) => html`<option value=${i} ?selected=${i === run}>${label}</option>`)}
      </select></label
    >`;
  }
  const change = (e: Event) => {
    const n = Math.round(Number((e.target as HTMLInputElement).value));
    if (Number.isFinite(n) && n >= 0 && n < runs.length) pick(n);
  };
  return html`<label
    >Run (0–${runs.length - 1}, or click the sweep map)
    <input
      data-testid=${testId}
      type="number"
      min="0"
      max=${runs.length - 1}
      step="1"
      .value=${String(run)}
      @change=${change}
      style="width: 6em; font: inherit; font-weight: 400"
    />
    <span style="font-weight: 400">${runs[run] ?? ''}</span></label
  >`;
}
