import { LitElement, css, html } from 'lit';
import { emitAction } from './lab-events.ts';

/** The progress of a preparation (data, SVM targets) that runs off the page's thread, with Cancel. */
export class PrepProgress extends LitElement {
  static override properties = {
    fraction: { type: Number },
    stage: { type: String },
  };
  static override styles = css`
    :host {
      display: block;
      margin-top: 0.5rem;
      font:
        0.85rem/1.4 system-ui,
        sans-serif;
    }
    .row {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    progress {
      flex: 1;
      height: 0.8rem;
    }
    button {
      font: inherit;
      padding: 0.2rem 0.7rem;
      border-radius: 6px;
      border: 1px solid #888;
      background: #fff;
      cursor: pointer;
    }
    .stage {
      color: #444;
      margin-top: 0.2rem;
      overflow-wrap: anywhere;
    }
  `;

  fraction = 0;
  stage = '';

  protected override render() {
    const percent = Math.floor(this.fraction * 100);
    return html`
      <div class="row" data-testid="prep-progress">
        <span>Preparing</span>
        <progress max="100" .value=${percent} aria-label="Preparation progress">${percent} %</progress>
        <span data-testid="prep-percent">${percent} %</span>
        <button data-testid="prep-cancel" @click=${() => emitAction(this, { type: 'cancel-prepare' })}>Cancel</button>
      </div>
      <div class="stage" data-testid="prep-stage">${this.stage}</div>
    `;
  }
}

customElements.define('prep-progress', PrepProgress);
declare global {
  interface HTMLElementTagNameMap {
    'prep-progress': PrepProgress;
  }
}
