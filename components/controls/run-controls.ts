import { LitElement, css, html } from 'lit';
import { emitAction } from '../lab-events.ts';

export type PlayState = 'idle' | 'running' | 'paused' | 'done' | 'error';

/** Play, pause, step and reset, with the status line: t, speed, time left, engine. */
export class RunControls extends LitElement {
  static override properties = {
    state: { type: String },
    t: { type: Number },
    steps: { type: Number },
    stepsPerSecond: { type: Number, attribute: false },
    secondsLeft: { type: Number, attribute: false },
    engineName: { type: String, attribute: false },
    detail: { type: String, attribute: false },
    blocked: { type: String, attribute: false },
  };
  static override styles = css`
    :host {
      display: block;
    }
    .buttons {
      display: flex;
      gap: 0.4rem;
      flex-wrap: wrap;
    }
    button {
      font: inherit;
      padding: 0.35rem 0.8rem;
      border-radius: 6px;
      border: 1px solid #888;
      background: #fff;
      cursor: pointer;
      min-width: 4.5rem;
    }
    button:disabled {
      opacity: 0.45;
      cursor: default;
    }
    button.primary {
      background: #1e5bb8;
      color: #fff;
      border-color: #1e5bb8;
    }
    .status {
      margin-top: 0.5rem;
      font:
        0.85rem/1.4 ui-monospace,
        monospace;
      display: flex;
      flex-wrap: wrap;
      gap: 0.2rem 1rem;
    }
    .state {
      font-weight: 700;
      text-transform: uppercase;
    }
    .state[data-state='error'] {
      color: #b00020;
    }
    .detail {
      font:
        0.8rem/1.3 system-ui,
        sans-serif;
      color: #555;
      margin-top: 0.25rem;
    }
    .blocked {
      font:
        0.8rem/1.3 system-ui,
        sans-serif;
      color: #8a0010;
      margin-top: 0.35rem;
    }
    kbd {
      font-size: 0.7rem;
      border: 1px solid #aaa;
      border-radius: 3px;
      padding: 0 3px;
      margin-left: 0.3rem;
    }
    /* a touch screen has no keys to press */
    @media (hover: none) and (pointer: coarse) {
      kbd {
        display: none;
      }
    }
  `;

  state: PlayState = 'idle';
  t = 0;
  steps = 0;
  stepsPerSecond = 0;
  secondsLeft: number | null = null;
  engineName = '';
  detail = '';
  /** why Play and Step are off (fields in red), '' when they are not */
  blocked = '';
  /** secondsLeft as last given, and when: between checkpoints (far apart late in a log schedule) it counts down */
  #eta: { left: number; at: number } | null = null;
  #tick: ReturnType<typeof setInterval> | undefined;

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('secondsLeft'))
      this.#eta = this.secondsLeft === null ? null : { left: this.secondsLeft, at: performance.now() };
    const ticking = this.state === 'running' && this.#eta !== null;
    if (ticking && this.#tick === undefined) this.#tick = setInterval(() => this.requestUpdate(), 1000);
    if (!ticking) this.#stopTick();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopTick();
  }

  #stopTick(): void {
    if (this.#tick !== undefined) clearInterval(this.#tick);
    this.#tick = undefined;
  }

  #left(): number | null {
    return this.#eta && Math.max(0, this.#eta.left - (performance.now() - this.#eta.at) / 1000);
  }

  protected override render() {
    const running = this.state === 'running';
    const cannotStart = running || this.state === 'done' || !!this.blocked;
    return html`
      <div class="buttons" role="toolbar" aria-label="Run controls">
        <button
          class="primary"
          data-testid="play"
          ?disabled=${cannotStart}
          aria-describedby="blocked"
          @click=${() => emitAction(this, { type: 'play' })}
        >
          Play<kbd>Space</kbd>
        </button>
        <button data-testid="pause" ?disabled=${!running} @click=${() => emitAction(this, { type: 'pause' })}>
          Pause
        </button>
        <button data-testid="step" ?disabled=${cannotStart} @click=${() => emitAction(this, { type: 'step' })}>
          Step<kbd>S</kbd>
        </button>
        <button data-testid="reset" @click=${() => emitAction(this, { type: 'reset' })}>Reset<kbd>R</kbd></button>
      </div>
      <div class="status" data-testid="status" data-state=${this.state} role="status" aria-live="polite">
        <span class="state" data-state=${this.state}>${this.state}</span>
        <span
          >t = <span data-testid="step-counter">${this.t.toLocaleString('en-US')}</span> /
          ${this.steps.toLocaleString('en-US')}</span
        >
        <span>${formatRate(this.stepsPerSecond)}</span>
        <span>${formatLeft(this.#left())}</span>
        <span data-testid="engine-name">${this.engineName}</span>
      </div>
      ${this.blocked ? html`<div class="blocked" id="blocked" data-testid="play-blocked" role="note">${this.blocked}</div>` : null}
      ${this.detail ? html`<div class="detail" data-testid="status-detail">${this.detail}</div>` : null}
    `;
  }
}

function formatRate(stepsPerSecond: number): string {
  if (!(stepsPerSecond > 0)) return '– steps/s';
  return `${rate(stepsPerSecond)} steps/s`;
}

/** Three significant digits below 1,000 (0.25, 12.5), whole numbers with separators above. */
export function rate(v: number): string {
  return v >= 1000
    ? Math.round(v).toLocaleString('en-US')
    : Number(v.toPrecision(3)).toLocaleString('en-US', { maximumSignificantDigits: 3 });
}

function formatLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'time left –';
  if (seconds < 90) return `${Math.ceil(seconds)} s left`;
  return `${Math.ceil(seconds / 60)} min left`;
}

customElements.define('run-controls', RunControls);
declare global {
  interface HTMLElementTagNameMap {
    'run-controls': RunControls;
  }
}
