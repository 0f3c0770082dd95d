import { LitElement, css, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { emitAction } from '../lab-events.ts';
import { pointerWords } from '../small-screens.ts';

/** One control of the experiment panel as the controller describes it. */
export interface FieldView {
  /** the URL key, e.g. "lr"; the control's test id is field-<name> */
  readonly name: string;
  readonly label: string;
  /** text: free text (lists are comma lists); select: one of the options */
  readonly kind: 'text' | 'select';
  /** the raw text shown: what the user typed, or the value as the URL writes it */
  readonly value: string;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  /** quick picks that replace or toggle entries of a comma list (e.g. loss names) */
  readonly chips?: readonly {
    readonly value: string;
    readonly label: string;
    readonly title?: string;
    readonly on: boolean;
  }[];
  readonly help: string;
  /** a note beside the field, e.g. the safe step-size bound */
  readonly hint?: string;
  /** the hint's tooltip: what its symbols mean (β in the safe-η bound) */
  readonly hintTitle?: string;
  /** a warning beside the field that does not stop the run, e.g. η above the safe bound */
  readonly warning?: string;
  readonly error?: string;
  readonly hidden?: boolean;
  /** takes a whole row (long option names) */
  readonly wide?: boolean;
}

/** The experiment's settings, one control per URL field, each with its own message. */
export class ExperimentPanel extends LitElement {
  static override properties = {
    tapped: { state: true },
    fields: { attribute: false },
    uploadError: { type: String, attribute: false },
    uploadNote: { type: String, attribute: false },
    showUpload: { type: Boolean, attribute: false },
  };
  static override styles = css`
    ${pointerWords}

    :host {
      display: block;
      font:
        0.9rem/1.35 system-ui,
        sans-serif;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
      gap: 0.55rem 0.7rem;
    }
    .field {
      display: flex;
      flex-direction: column;
      gap: 0.15rem;
      min-width: 0;
      /* a long value, list or message wraps inside its column instead of widening a phone's page */
      overflow-wrap: anywhere;
    }
    .field > * {
      max-width: 100%;
      box-sizing: border-box;
    }
    .field.wide {
      grid-column: 1 / -1;
    }
    label {
      font-weight: 600;
      font-size: 0.8rem;
    }
    input,
    select {
      font: inherit;
      padding: 0.25rem 0.35rem;
      border: 1px solid #999;
      border-radius: 4px;
      min-width: 0;
    }
    input[aria-invalid='true'],
    select[aria-invalid='true'] {
      border-color: #b00020;
      background: #fff5f6;
    }
    .help {
      font-size: 0.72rem;
      color: #555;
    }
    .hint {
      font-size: 0.75rem;
      color: #1a4d1a;
    }
    .error {
      font-size: 0.75rem;
      color: #b00020;
    }
    .warning {
      font-size: 0.75rem;
      color: #6b4a00;
      background: #fff4d6;
      border: 1px solid #e0b040;
      border-radius: 4px;
      padding: 0.15rem 0.35rem;
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem;
    }
    .chip {
      font:
        0.72rem system-ui,
        sans-serif;
      border: 1px solid #999;
      border-radius: 999px;
      padding: 0.05rem 0.45rem;
      background: #fff;
      cursor: pointer;
    }
    .chip[aria-pressed='true'] {
      background: #1e5bb8;
      color: #fff;
      border-color: #1e5bb8;
    }
    .upload {
      margin-top: 0.6rem;
    }
    /* a touch screen shows no title: the last chip tapped says its rule here */
    .chip-rule {
      display: none;
    }
    @media (hover: none) {
      .chip-rule {
        display: block;
      }
    }
  `;

  fields: readonly FieldView[] = [];
  uploadError = '';
  uploadNote = '';
  showUpload = false;
  /** the field and value of the chip last pressed: on a touch screen its title is written under the chips */
  tapped?: { readonly field: string; readonly value: string };

  protected override render() {
    return html`
      <form class="grid" aria-label="Experiment settings" @submit=${(e: Event) => e.preventDefault()}>
        ${this.fields.filter((f) => !f.hidden).map((f) => this.#renderField(f))}
      </form>
      ${this.showUpload ? this.#renderUpload() : nothing}
    `;
  }

  #renderField(f: FieldView) {
    const id = `f-${f.name}`;
    const invalid = f.error ? 'true' : 'false';
    const commit = (e: Event) =>
      emitAction(this, { type: 'field', field: f.name, raw: (e.target as HTMLInputElement | HTMLSelectElement).value });
    const control =
      f.kind === 'select'
        ? html`<select
            id=${id}
            data-testid=${`field-${f.name}`}
            aria-invalid=${invalid}
            aria-describedby=${`${id}-help`}
            @change=${commit}
          >
            ${f.options?.map((o) => html`<option value=${o.value} ?selected=${o.value === f.value}>${o.label}</option>`)}
          </select>`
        : html`<input
            id=${id}
            data-testid=${`field-${f.name}`}
            .value=${f.value}
            aria-invalid=${invalid}
            aria-describedby=${`${id}-help`}
            autocomplete="off"
            spellcheck="false"
            @change=${commit}
          />`;
    return html`<div class="field ${f.chips || f.wide || f.warning ? 'wide' : ''}">
      <label for=${id}>${f.label}</label>
      ${control} ${f.chips ? this.#renderChips(f) : nothing}
      ${f.hint ? html`<span class="hint" title=${ifDefined(f.hintTitle)}>${f.hint}</span>` : nothing}
      ${f.warning ? html`<span class="warning" data-testid=${`field-${f.name}-warning`} role="status">⚠ ${f.warning}</span>` : nothing}
      ${f.error ? html`<span class="error" data-testid=${`field-${f.name}-error`} role="alert">${f.error}</span>` : nothing}
      <span class="help" id=${`${id}-help`}>${f.help}</span>
    </div>`;
  }

  #renderChips(f: FieldView) {
    const toggle = (value: string) => {
      const current = f.value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
      this.tapped = { field: f.name, value };
      emitAction(this, { type: 'field', field: f.name, raw: next.join(',') });
    };
    const titled = f.chips!.some((c) => c.title);
    const tapped = this.tapped?.field === f.name ? f.chips!.find((c) => c.value === this.tapped?.value) : undefined;
    return html`<div class="chips">
        ${f.chips!.map(
          (c) =>
            html`<button
              type="button"
              class="chip"
              aria-pressed=${c.on ? 'true' : 'false'}
              title=${c.title ?? ''}
              @click=${() => toggle(c.value)}
            >
              ${c.label}
            </button>`,
        )}
      </div>
      ${
        titled
          ? html`<span class="help" data-testid=${`field-${f.name}-chips-hint`}
              ><span class="on-mouse">Hover a chip for its rule and paper.</span
              ><span class="on-touch">Tap a chip to add or drop it; its rule and paper show below.</span></span
            >`
          : nothing
      }
      ${tapped?.title ? html`<span class="help chip-rule" data-testid=${`field-${f.name}-chip-rule`}>${tapped.label}: ${tapped.title}</span>` : nothing}`;
  }

  #renderUpload() {
    const pick = (e: Event) => {
      const input = e.target as HTMLInputElement;
      const file = input.files?.[0];
      if (file) emitAction(this, { type: 'upload', file });
      input.value = '';
    };
    return html`<div class="field upload">
      <label for="upload"
        >Upload data (CSV or JSON: feature columns, then a label column of class numbers 0, 1, 2… or of names)</label
      >
      <input
        id="upload"
        type="file"
        accept=".csv,.json,.txt,text/csv,application/json"
        data-testid="upload-input"
        @change=${pick}
      />
      ${this.uploadNote ? html`<span class="hint">${this.uploadNote}</span>` : nothing}
      ${this.uploadError ? html`<span class="error" data-testid="upload-error" role="alert">${this.uploadError}</span>` : nothing}
    </div>`;
  }
}

customElements.define('experiment-panel', ExperimentPanel);
declare global {
  interface HTMLElementTagNameMap {
    'experiment-panel': ExperimentPanel;
  }
}
