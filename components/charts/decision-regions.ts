import { LitElement, css, html, nothing } from 'lit';
import './heat-map.ts';
import type { MapPoint } from './heat-map.ts';

/** One picture of the plane: which class each cell is assigned to, at some t (or the SVM). */
export interface RegionPanel {
  readonly title: string;
  readonly cells: Uint8Array;
  readonly size: number;
}

/** Decision regions of W(t) at the chosen snapshots beside Ŵ's, with the training points on top (d = 2). */
export class DecisionRegions extends LitElement {
  static override properties = {
    panels: { attribute: false },
    points: { attribute: false },
    bounds: { attribute: false },
    note: { type: String, attribute: false },
  };
  static override styles = css`
    :host {
      display: block;
      font:
        0.85rem system-ui,
        sans-serif;
    }
    .row {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
      gap: 0.5rem;
    }
    .note {
      color: #555;
    }
  `;

  panels: readonly RegionPanel[] = [];
  points: readonly MapPoint[] = [];
  bounds: readonly [number, number, number, number] = [-1, 1, -1, 1];
  note = '';

  protected override render() {
    return html`<div data-testid="regions" aria-label="Decision regions">
      ${this.note ? html`<p class="note">${this.note}</p>` : nothing}
      <div class="row">
        ${this.panels.map(
          (p) =>
            html`<heat-map
              mode="classes"
              .cells=${p.cells}
              .size=${p.size}
              .bounds=${this.bounds}
              .points=${this.points}
              caption=${p.title}
              x-label="x₁"
              y-label="x₂"
            ></heat-map>`,
        )}
      </div>
    </div>`;
  }
}

customElements.define('decision-regions', DecisionRegions);
declare global {
  interface HTMLElementTagNameMap {
    'decision-regions': DecisionRegions;
  }
}
