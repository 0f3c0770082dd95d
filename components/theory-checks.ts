import { LitElement, css, html, nothing } from 'lit';
import { emitAction } from './lab-events.ts';
import { runPicker } from './controls/run-picker.ts';

/** One live check of the theory: its claim, verdict, the number behind it and the threshold it is held to. */
export interface CheckView {
  readonly id: string;
  readonly claim: string;
  readonly verdict: 'holds' | 'not yet' | 'contradicted' | 'n/a';
  /** what theory expects of this run: the check holds (an exponential tail), fails (no such tail), or no claim */
  readonly expected: 'holds' | 'fails' | 'none';
  /** the verdict in words, read against the expectation, e.g. "fails, as predicted for a non-ET loss" */
  readonly label: string;
  /** the number, e.g. "slope 0.553" */
  readonly shown: string;
  /** the threshold beside it, e.g. "holds at slope 0.75–1.25" */
  readonly threshold: string;
  /** where the number comes from, e.g. "‖W‖/‖Ŵ‖ 1.13 at t=10000 → 2.31 at t=100000" */
  readonly evidence: string;
}

/** Colour of a verdict: green when the run does what theory expects, red when it does the opposite. */
function tone(c: CheckView): string {
  if (c.verdict === 'n/a' || c.expected === 'none') return 'n-a';
  if (c.verdict === 'not yet') return 'not-yet';
  // a contradiction of what theory expects (or a diverged run) is red; a non-ET loss failing is as expected
  if (c.label.startsWith('contradicted')) return 'contradicted';
  return (c.verdict === 'holds') === (c.expected === 'holds') ? 'agrees' : 'unexpected';
}

/** The theory checks as a table; the verdicts are computed by the page's controller. */
export class TheoryChecks extends LitElement {
  static override properties = {
    checks: { attribute: false },
    runs: { attribute: false },
    run: { type: Number, attribute: false },
  };
  static override styles = css`
    :host {
      display: block;
      font:
        0.85rem/1.35 system-ui,
        sans-serif;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 0.25rem 0.4rem;
      border-bottom: 1px solid #e2e2e2;
      vertical-align: top;
    }
    .verdict {
      font-weight: 700;
      white-space: nowrap;
    }
    .agrees {
      color: #14662e;
    }
    .not-yet {
      color: #8a6100;
    }
    .contradicted {
      color: #b00020;
    }
    .unexpected {
      color: #6a3d9a;
    }
    .n-a {
      color: #666;
    }
    .verdict {
      white-space: normal;
      min-width: 5.5rem;
    }
    .number {
      font-family: ui-monospace, monospace;
      font-size: 0.78rem;
      white-space: nowrap;
    }
    .threshold {
      display: block;
      font-family: system-ui, sans-serif;
      color: #555;
      font-size: 0.72rem;
      white-space: normal;
    }
    .evidence {
      font-family: ui-monospace, monospace;
      font-size: 0.72rem;
      color: #444;
    }
    label {
      display: block;
      margin-bottom: 0.35rem;
      font-weight: 600;
      font-size: 0.8rem;
    }
    select {
      font: inherit;
      font-weight: 400;
      max-width: 100%;
    }
  `;

  checks: readonly CheckView[] = [];
  /** labels of the runs the checks can be read for */
  runs: readonly string[] = [];
  run = 0;

  protected override render() {
    const pick = (run: number) => emitAction(this, { type: 'checks-run', run });
    return html`${this.runs.length > 1 ? runPicker('theory-checks-run', this.runs, this.run, pick) : nothing}
      <table data-testid="theory-checks" data-run=${this.run} aria-label="Theory checks">
        <thead>
          <tr>
            <th scope="col">Claim</th>
            <th scope="col">Verdict</th>
            <th scope="col">Number · threshold</th>
          </tr>
        </thead>
        <tbody>
          ${this.checks.map(
            (c) =>
              html`<tr data-check=${c.id} data-verdict=${c.verdict} data-expected=${c.expected}>
                <td>${c.claim}<span class="evidence" style="display:block">${c.evidence}</span></td>
                <td class="verdict ${tone(c)}" data-testid=${`check-${c.id}-verdict`}>${c.label}</td>
                <td class="number" data-testid=${`check-${c.id}-number`}>
                  ${c.shown}<span class="threshold">${c.threshold}</span>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

customElements.define('theory-checks', TheoryChecks);
declare global {
  interface HTMLElementTagNameMap {
    'theory-checks': TheoryChecks;
  }
}
