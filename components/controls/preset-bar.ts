import { LitElement, css, html, nothing } from 'lit';
import { emitAction } from '../lab-events.ts';
import { pointerWords } from '../small-screens.ts';

export interface PresetView {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  /** one sentence: what theory predicts for this preset and what to look for */
  readonly claim: string;
}

/** The symbols the sentences, charts and settings use before they could explain them, one line each. */
export const SYMBOLS: readonly { readonly symbol: string; readonly meaning: string }[] = [
  {
    symbol: 'Ŵ',
    meaning:
      'the hard-margin multiclass SVM: the W of least Frobenius norm whose every margin (Wᵀxᵢ)_yᵢ − (Wᵀxᵢ)_j is at least 1; the paper proves W(t)/‖W(t)‖ → Ŵ/‖Ŵ‖',
  },
  {
    symbol: 'ET',
    meaning:
      'exponential tail: the loss’s pair weights fall off like e^(−u) in each margin u (cross-entropy, PairLogLoss, exponential), the paper’s condition for turning toward Ŵ',
  },
  {
    symbol: 'β',
    meaning:
      'the loss’s smoothness constant (the most its curvature can be): any η below the safe bound 2N/(β σ_max(X)²) lowers the training loss at every step',
  },
  {
    symbol: 'γ_p',
    meaning: 'the max margin in the p-norm: the largest smallest margin that any W with ‖W‖_p = 1 reaches on the data',
  },
  {
    symbol: 'ρ_p',
    meaning:
      'm(W)/(‖W‖_p γ_p), W’s smallest margin as a fraction of the p-norm max margin: → 1 when W(t) turns toward that norm’s max-margin solution',
  },
];

/** One button per paper preset (the active one highlighted, its claim spelled out below), and the Share button. */
export class PresetBar extends LitElement {
  static override properties = {
    presets: { attribute: false },
    active: { type: String, attribute: false },
    shareUrl: { type: String, attribute: false },
    shareNote: { type: String, attribute: false },
    showShare: { type: Boolean, attribute: false },
  };
  static override styles = css`
    ${pointerWords}

    :host {
      display: block;
      font:
        0.85rem/1.3 system-ui,
        sans-serif;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0.35rem;
      align-items: center;
    }
    button {
      font: inherit;
      padding: 0.3rem 0.65rem;
      border-radius: 6px;
      border: 1px solid #888;
      background: #f6f6f6;
      cursor: pointer;
    }
    button.share {
      background: #14662e;
      color: #fff;
      border-color: #14662e;
    }
    button[aria-pressed='true'] {
      background: #1e5bb8;
      color: #fff;
      border-color: #1e5bb8;
      font-weight: 600;
    }
    .claim {
      margin: 0.4rem 0 0;
      padding: 0.35rem 0.55rem;
      border-left: 4px solid #1e5bb8;
      background: #eef3fb;
      font-size: 0.88rem;
      line-height: 1.4;
    }
    .claim.preview {
      border-left-style: dashed;
      background: #f5f7fa;
    }
    .symbols {
      margin-top: 0.35rem;
    }
    .symbols summary {
      cursor: pointer;
    }
    .symbols dl {
      margin: 0.25rem 0 0;
    }
    .symbols div {
      display: flex;
      gap: 0.5rem;
    }
    .symbols dt {
      font-weight: 600;
      min-width: 2.2rem;
    }
    .symbols dd {
      margin: 0;
    }
    .start {
      margin: 0 0 0.35rem;
    }
    .claim b {
      margin-right: 0.3rem;
    }
    .share-url {
      display: block;
      margin-top: 0.35rem;
      font:
        0.75rem ui-monospace,
        monospace;
      word-break: break-all;
      background: #f3f3f3;
      padding: 0.3rem;
      border-radius: 4px;
    }
    .note {
      color: #14662e;
      margin-left: 0.3rem;
    }
  `;

  presets: readonly PresetView[] = [];
  /** id of the preset the experiment equals, or '' */
  active = '';
  shareUrl = '';
  shareNote = '';
  showShare = true;

  /** the preset under the pointer or keyboard focus: its sentence is shown before any click */
  #preview = '';

  #setPreview(id: string): void {
    this.#preview = id;
    this.requestUpdate();
  }

  protected override render() {
    return html`
      ${
        this.active
          ? nothing
          : html`<p class="start" data-testid="preset-start">
              <b>Start with a preset:</b> each button runs one of the paper's predictions and says what to look for
              <span class="on-mouse">(hover or focus a button to read it first)</span
              ><span class="on-touch">(tap one to run it; its sentence then shows below the buttons)</span>. Play on its
              own runs the settings further down.
            </p>`
      }
      <div class="row" role="group" aria-label="Presets and sharing">
        ${this.presets.map(
          (p) =>
            html`<button
              data-testid=${`preset-${p.id}`}
              title=${`${p.title}. ${p.claim}`}
              aria-pressed=${p.id === this.active ? 'true' : 'false'}
              aria-describedby="preset-claim"
              @click=${() => emitAction(this, { type: 'preset', id: p.id })}
              @mouseenter=${() => this.#setPreview(p.id)}
              @mouseleave=${() => this.#setPreview('')}
              @focus=${() => this.#setPreview(p.id)}
              @blur=${() => this.#setPreview('')}
            >
              ${p.label}
            </button>`,
        )}
        ${
          this.showShare
            ? html`<button class="share" data-testid="share" @click=${() => emitAction(this, { type: 'share' })}>
                Share link
              </button>`
            : nothing
        }
        ${this.shareNote ? html`<span class="note" role="status">${this.shareNote}</span>` : nothing}
      </div>
      ${this.#claim()}
      <details class="symbols" data-testid="symbols">
        <summary>What the symbols mean: ${SYMBOLS.map((x) => x.symbol).join(', ')}</summary>
        <dl>
          ${SYMBOLS.map(
            (x) =>
              html`<div>
                <dt>${x.symbol}</dt>
                <dd>${x.meaning}</dd>
              </div>`,
          )}
        </dl>
      </details>
      ${this.shareUrl ? html`<output class="share-url" data-testid="share-url">${this.shareUrl}</output>` : nothing}
    `;
  }

  #claim() {
    // a preview only while no preset is active: once one runs, its sentence stays put (a click that removes the
    // "Start with a preset" line shifts the buttons, and the pointer then rests on another one); the buttons'
    // titles still hold every sentence
    const preview = this.#preview && !this.active ? this.#preview : '';
    const preset = this.presets.find((p) => p.id === (preview || this.active));
    if (!preset) return nothing;
    return html`<p
      class="claim ${preview ? 'preview' : ''}"
      id="preset-claim"
      data-testid="preset-claim"
      data-preset=${preset.id}
      data-preview=${preview ? 'true' : 'false'}
    >
      <b
        >${preset.label}${
          preview ? html` (<span class="on-mouse">click</span><span class="on-touch">tap</span> to run)` : nothing
        }.</b
      >${preset.claim}
    </p>`;
  }
}

customElements.define('preset-bar', PresetBar);
declare global {
  interface HTMLElementTagNameMap {
    'preset-bar': PresetBar;
  }
}
