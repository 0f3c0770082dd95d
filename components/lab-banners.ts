import { LitElement, css, html } from 'lit';

/** A message for the banner: errors stop something, warnings only inform. */
export interface BannerMessage {
  readonly level: 'error' | 'warning';
  readonly text: string;
  /** the setting or URL field at fault */
  readonly field?: string;
}

/**
 * The error/warning banner, the no-WebGPU banner and the update banner (a new version of the page is
 * installed and waits: its button fires `lab-reload-update`); each is absent when it has nothing to say.
 */
export class LabBanners extends LitElement {
  static override properties = {
    messages: { attribute: false },
    noWebGpu: { type: String, attribute: false },
    updateReady: { type: Boolean, attribute: false },
  };
  static override styles = css`
    :host {
      display: block;
    }
    .banner {
      border-radius: 6px;
      padding: 0.5rem 0.8rem;
      margin: 0 0 0.5rem;
      font:
        0.9rem/1.4 system-ui,
        sans-serif;
    }
    .errors {
      background: #fdecee;
      border: 1px solid #e3a3ad;
      color: #6b0012;
    }
    .errors.warning-only {
      background: #fff7e0;
      border-color: #e8c66b;
      color: #5a4300;
    }
    .gpu {
      background: #eef3fb;
      border: 1px solid #a9bfe3;
      color: #1a355e;
    }
    .update {
      background: #eef7ee;
      border: 1px solid #9fcf9f;
      color: #1d4d1d;
    }
    .update button {
      font: inherit;
      margin-left: 0.3rem;
    }
    ul {
      margin: 0;
      padding-left: 1.1rem;
    }
    .field {
      font-family: ui-monospace, monospace;
      font-weight: 600;
    }
  `;

  messages: readonly BannerMessage[] = [];
  noWebGpu = '';
  updateReady = false;

  #reload() {
    this.dispatchEvent(new CustomEvent('lab-reload-update', { bubbles: true, composed: true }));
  }

  protected override render() {
    const warningOnly = this.messages.every((m) => m.level === 'warning');
    return html`
      ${
        this.updateReady
          ? html`<div class="banner update" data-testid="update-banner" role="status">
              A new version is ready —
              <button type="button" data-testid="update-reload" @click=${() => this.#reload()}>reload</button>
            </div>`
          : null
      }
      ${
        this.noWebGpu
          ? html`<div class="banner gpu" data-testid="nowebgpu-banner" role="note">${this.noWebGpu}</div>`
          : null
      }
      ${
        this.messages.length
          ? html`<div
              class="banner errors ${warningOnly ? 'warning-only' : ''}"
              data-testid="error-banner"
              role="alert"
            >
              <ul>
                ${this.messages.map(
                  // the trailing space keeps messages apart in the element's text (read by tests and screen readers)
                  (m) => html`<li>${m.field ? html`<span class="field">${m.field}</span>: ` : null}${m.text}</li> `,
                )}
              </ul>
            </div>`
          : null
      }
    `;
  }
}

customElements.define('lab-banners', LabBanners);
declare global {
  interface HTMLElementTagNameMap {
    'lab-banners': LabBanners;
  }
}
