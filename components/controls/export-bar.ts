import { LitElement, css, html } from 'lit';
import { emitAction } from '../lab-events.ts';

/** Download buttons: metrics as CSV and JSON, W(t) and Ŵ as JSON, all charts as one figure (PNG or SVG), the experiment as a Python program. */
export class ExportBar extends LitElement {
  static override properties = { disabled: { type: Boolean } };
  static override styles = css`
    :host {
      display: block;
      font:
        0.85rem system-ui,
        sans-serif;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem;
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
      cursor: default;
    }
  `;

  disabled = true;

  protected override render() {
    const b = (
      what: 'csv' | 'json' | 'weights' | 'png' | 'svg' | 'python',
      label: string,
      testid: string,
      title = '',
    ) =>
      html`<button
        data-testid=${testid}
        title=${title}
        ?disabled=${this.disabled}
        @click=${() => emitAction(this, { type: 'export', what })}
      >
        ${label}
      </button>`;
    return html`<div class="row" role="group" aria-label="Export">
      ${b('csv', 'Metrics CSV', 'export-csv')} ${b('json', 'Metrics JSON', 'export-json')}
      ${b('weights', 'W(t) and Ŵ JSON', 'export-weights')}
      ${b('png', 'Figure PNG', 'export-png', 'all charts in one image, 2× size, white background, titles, axes and legend')}
      ${b('svg', 'Figure SVG', 'export-svg', 'all charts in one vector image, for papers')}
      ${b('python', 'Python script', 'export-python', 'one numpy-only Python program that reruns this experiment in float64 and prints the JSON lines of lab run --engine cpu')}
    </div>`;
  }
}

customElements.define('export-bar', ExportBar);
declare global {
  interface HTMLElementTagNameMap {
    'export-bar': ExportBar;
  }
}
