import { LitElement, css, html, nothing } from 'lit';
import { emitAction } from '../lab-events.ts';

export interface PresetView {
  readonly id: string;
  readonly label: string;
  readonly title: string;
  /** one sentence: what theory predicts for this preset and what to look for */
  readonly claim: string;
}

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

  protected override render() {
    return html`
      <div class="row" role="group" aria-label="Presets and sharing">
        ${this.presets.map(
          (p) =>
            html`<button
              data-testid=${`preset-${p.id}`}
              title=${p.title}
              aria-pressed=${p.id === this.active ? 'true' : 'false'}
              @click=${() => emitAction(this, { type: 'preset', id: p.id })}
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
      ${this.shareUrl ? html`<output class="share-url" data-testid="share-url">${this.shareUrl}</output>` : nothing}
    `;
  }

  #claim() {
    const preset = this.presets.find((p) => p.id === this.active);
    if (!preset) return nothing;
    return html`<p class="claim" data-testid="preset-claim" data-preset=${preset.id}>
      <b>${preset.label}.</b>${preset.claim}
    </p>`;
  }
}

customElements.define('preset-bar', PresetBar);
declare global {
  interface HTMLElementTagNameMap {
    'preset-bar': PresetBar;
  }
}
