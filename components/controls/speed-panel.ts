import { LitElement, css, html, nothing } from 'lit';
import { emitAction } from '../lab-events.ts';
import { rate } from './run-controls.ts';

/** One row of the speed test: a problem size timed on both engines. */
export interface SpeedRow {
  readonly size: string;
  readonly gpuStepsPerSecond: number | null;
  readonly cpuStepsPerSecond: number | null;
  readonly gpuGflops: number | null;
  readonly note?: string;
}

/** The current run's speed and the one-click GPU-vs-CPU speed test. */
export class SpeedPanel extends LitElement {
  static override properties = {
    stepsPerSecond: { type: Number, attribute: false },
    running: { type: Boolean, attribute: false },
    gflops: { type: Number, attribute: false },
    adapter: { type: String, attribute: false },
    rows: { attribute: false },
    testing: { type: Boolean, attribute: false },
    message: { type: String, attribute: false },
  };
  static override styles = css`
    :host {
      display: block;
      font:
        0.85rem/1.35 system-ui,
        sans-serif;
    }
    .now {
      font-family: ui-monospace, monospace;
      margin-bottom: 0.4rem;
      overflow-wrap: anywhere;
    }
    button {
      font: inherit;
      padding: 0.3rem 0.6rem;
      border-radius: 6px;
      border: 1px solid #888;
      background: #fff;
      cursor: pointer;
    }
    button:disabled {
      opacity: 0.45;
    }
    .scroll {
      overflow-x: auto;
      max-width: 100%;
    }
    table {
      border-collapse: collapse;
      margin-top: 0.4rem;
      width: 100%;
      font-size: 0.72rem;
      table-layout: fixed;
    }
    th,
    td {
      padding: 0.2rem 0.2rem;
      border-bottom: 1px solid #e2e2e2;
      text-align: right;
      overflow-wrap: anywhere;
    }
    th {
      font-weight: 600;
      font-size: 0.66rem;
      vertical-align: bottom;
    }
    th:first-child {
      width: 31%;
    }
    td.size {
      overflow-wrap: normal;
    }
    th:first-child,
    td:first-child {
      text-align: left;
    }
  `;

  stepsPerSecond = 0;
  /** the rate is only "now" while a run is going */
  running = false;
  gflops = 0;
  adapter = '';
  rows: readonly SpeedRow[] = [];
  testing = false;
  message = '';

  protected override render() {
    return html`
      <div class="now" data-testid="speed-now">
        ${
          this.running
            ? html`now: ${fmt(this.stepsPerSecond)} steps/s · ${this.gflops > 0 ? fmt(this.gflops) : '–'} GFLOP/s`
            : html`now: not running`
        }
        ${this.adapter ? html`· ${this.adapter}` : nothing}
      </div>
      <button
        data-testid="speed-test"
        ?disabled=${this.testing}
        @click=${() => emitAction(this, { type: 'speed-test' })}
      >
        ${this.testing ? 'Testing…' : 'Speed test: GPU vs CPU'}
      </button>
      ${this.message ? html`<div role="status">${this.message}</div>` : nothing}
      ${
        this.rows.length
          ? html`<div class="scroll">
              <table data-testid="speed-results">
                <thead>
                  <tr>
                    <th>N×d×K</th>
                    <th>GPU steps/s</th>
                    <th>CPU steps/s</th>
                    <th>GPU ÷ CPU (×)</th>
                    <th>GPU GFLOP/<wbr />s</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.rows.map(
                    (r) =>
                      html`<tr>
                        <td class="size">
                          ${r.size.replace(/×/g, '×\u200b')}${r.note ? html`<br /><small>${r.note}</small>` : nothing}
                        </td>
                        <td>${fmt(r.gpuStepsPerSecond)}</td>
                        <td>${fmt(r.cpuStepsPerSecond)}</td>
                        <td>
                          ${r.gpuStepsPerSecond && r.cpuStepsPerSecond ? rate(r.gpuStepsPerSecond / r.cpuStepsPerSecond) : '–'}
                        </td>
                        <td>${fmt(r.gpuGflops)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
          : nothing
      }
    `;
  }
}

function fmt(v: number | null): string {
  return v && v > 0 ? rate(v) : '–';
}

customElements.define('speed-panel', SpeedPanel);
declare global {
  interface HTMLElementTagNameMap {
    'speed-panel': SpeedPanel;
  }
}
