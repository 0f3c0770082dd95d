import { LitElement, css, html, nothing } from 'lit';
import { emitAction } from './lab-events.ts';

/** One live check of the theory: its claim, verdict and the number behind it. */
export interface CheckView {
  readonly id: string;
  readonly claim: string;
  readonly verdict: 'holds' | 'not yet' | 'fails' | 'n/a';
  /** the number and what it is, e.g. "distance·ln t: 1.21 → 1.09 over the last decade" */
  readonly evidence: string;
}

/** The theory checks as a table; the verdicts are computed by the page's controller. */
export class TheoryChecks extends LitElement {
  static override properties = {
    checks: { attribute: false },
    runs: { attribute: false },
    run: { type: Number, attribute: false },
  };
  static override styles = css`
    :host { display: block; font: 0.85rem/1.35 system-ui, sans-serif; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 0.25rem 0.4rem; border-bottom: 1px solid #e2e2e2; vertical-align: top; }
    .verdict { font-weight: 700; white-space: nowrap; }
    .holds { color: #14662e; }
    .not-yet { color: #8a6100; }
    .fails { color: #b00020; }
    .n-a { color: #777; }
    .evidence { font-family: ui-monospace, monospace; font-size: 0.75rem; }
    label { display: block; margin-bottom: 0.35rem; font-weight: 600; font-size: 0.8rem; }
    select { font: inherit; font-weight: 400; max-width: 100%; }
  `;

  checks: readonly CheckView[] = [];
  /** labels of the runs the checks can be read for */
  runs: readonly string[] = [];
  run = 0;

  protected override render() {
    const pick = (e: Event) => emitAction(this, { type: 'checks-run', run: Number((e.target as HTMLSelectElement).value) });
    return html`${this.runs.length > 1
        ? html`<label>Run
            <select data-testid="theory-checks-run" @change=${pick}>
              ${this.runs.map((label, i) => html`<option value=${i} ?selected=${i === this.run}>${label}</option>`)}
            </select></label>`
        : nothing}
      <table data-testid="theory-checks" aria-label="Theory checks">
      <thead><tr><th scope="col">Claim</th><th scope="col">Verdict</th><th scope="col">Evidence</th></tr></thead>
      <tbody>
        ${this.checks.map(
          (c) => html`<tr data-check=${c.id} data-verdict=${c.verdict}>
            <td>${c.claim}</td>
            <td class="verdict ${c.verdict.replace(/[ /]/g, '-')}">${c.verdict}</td>
            <td class="evidence">${c.evidence}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

customElements.define('theory-checks', TheoryChecks);
declare global {
  interface HTMLElementTagNameMap { 'theory-checks': TheoryChecks; }
}
