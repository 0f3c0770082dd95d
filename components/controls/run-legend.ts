import { LitElement, css, html, nothing } from 'lit';
import { emitAction } from '../lab-events.ts';
import { pointerWords } from '../small-screens.ts';

/** Screens this narrow get the legend folded into one line (it covered 14 % of a 390 × 844 phone). */
const NARROW_QUERY = '(max-width: 640px)';

/** One entry of the shared legend: a run (or a reference line) as every chart draws it. */
export interface LegendEntry {
  /** what the entry shows: the part of the run's label that sets it apart */
  readonly text: string;
  /** the run's full label (tooltip, accessible name) */
  readonly label: string;
  readonly color: string;
  readonly on: boolean;
  readonly dashed?: boolean;
  /** reference lines cannot be switched off */
  readonly fixed?: boolean;
}

/** One legend for all charts: click a run to hide or show it in every chart at once. */
export class RunLegend extends LitElement {
  static override properties = { entries: { attribute: false }, common: { type: String } };
  static override styles = css`
    ${pointerWords}

    :host {
      display: block;
      font:
        0.78rem/1.3 system-ui,
        sans-serif;
    }
    summary {
      cursor: pointer;
      font-weight: 600;
      padding: 0.15rem 0;
    }
    details[open] > summary {
      margin-bottom: 0.2rem;
    }
    /* wide screens: always open, no summary (it is opened on load and cannot be closed there) */
    @media (min-width: 641px) {
      summary {
        display: none;
      }
    }
    .common {
      color: #444;
      margin: 0 0 0.2rem;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 0.35rem;
    }
    button {
      font: inherit;
      display: inline-flex;
      align-items: center;
      gap: 0.3rem;
      border: 1px solid #ccc;
      border-radius: 999px;
      background: #fff;
      padding: 0.05rem 0.5rem 0.05rem 0.35rem;
      cursor: pointer;
    }
    button[aria-pressed='false'] {
      opacity: 0.45;
      text-decoration: line-through;
    }
    button:disabled {
      cursor: default;
      opacity: 1;
      color: inherit;
    }
    .swatch {
      width: 1.3rem;
      height: 0;
      border-top: 2.5px solid;
      display: inline-block;
    }
    .swatch.dashed {
      border-top-style: dashed;
      border-top-width: 2px;
    }
    @media (max-width: 640px) {
      :host {
        font-size: 0.72rem;
      }
      ul {
        gap: 0.15rem 0.25rem;
      }
      button {
        padding: 0 0.4rem 0 0.25rem;
      }
      .swatch {
        width: 0.9rem;
      }
    }
  `;

  entries: readonly LegendEntry[] = [];
  common = '';

  /** true on a narrow screen: the legend starts folded */
  #narrow = typeof matchMedia === 'function' ? matchMedia(NARROW_QUERY) : undefined;
  readonly #onNarrow = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    this.#narrow?.addEventListener('change', this.#onNarrow);
  }

  override disconnectedCallback(): void {
    this.#narrow?.removeEventListener('change', this.#onNarrow);
    super.disconnectedCallback();
  }

  protected override render() {
    if (!this.entries.length) return nothing;
    // a run or a band each (not the fixed reference lines)
    const curves = this.entries.filter((e) => !e.fixed);
    const off = curves.filter((e) => !e.on).length;
    const summary = `Legend (${curves.length} curve${curves.length === 1 ? '' : 's'}${off ? `, ${off} hidden` : ''})`;
    const action = html`<span class="on-mouse">Click</span><span class="on-touch">Tap</span>`;
    // open unless narrow; Lit sets the attribute only when that changes, so a reader's own toggle stays
    return html`<div data-testid="run-legend" role="group" aria-label="Runs shown in every chart">
      <details ?open=${!this.#narrow?.matches} data-testid="run-legend-details">
        <summary data-testid="run-legend-summary">${summary}</summary>
        ${this.common ? html`<p class="common">All runs: ${this.common}. ${action} a run to hide or show it in every chart.</p>` : nothing}
        <ul>
          ${this.entries.map(
            (e, i) =>
              html`<li>
                <button
                  type="button"
                  data-testid=${`legend-${i}`}
                  aria-pressed=${e.on ? 'true' : 'false'}
                  title=${e.label}
                  aria-label=${e.label}
                  ?disabled=${!!e.fixed}
                  @click=${() => emitAction(this, { type: 'legend', run: i, on: !e.on })}
                >
                  <span class="swatch ${e.dashed ? 'dashed' : ''}" style=${`border-top-color:${e.color}`}></span
                  >${e.text}
                </button>
              </li>`,
          )}
        </ul>
      </details>
    </div>`;
  }
}

customElements.define('run-legend', RunLegend);
declare global {
  interface HTMLElementTagNameMap {
    'run-legend': RunLegend;
  }
}
