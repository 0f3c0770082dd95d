import { LitElement, css, html } from 'lit';
import { ScrollCue, scrollCueStyles } from '../small-screens.ts';

/** One cell of the optimizer × norm view; the page computes every field. */
interface NormHeatCellView {
  readonly norm: string;
  /** ρ_p, null where unavailable */
  readonly value: number | null;
  /** position on the colour scale, in [0, 1]; null with value */
  readonly level: number | null;
  /** the norm the row's optimizer is predicted to approach at this t: outlined */
  readonly predicted: boolean;
  /** no norm is predicted at this t and this is one the run heads for early or eventually: dashed outline */
  readonly tentative?: boolean;
}

export interface NormHeatRowView {
  readonly label: string;
  /** the predicted norm at this t; null while there is none */
  readonly predicted: string | null;
  /** the prediction in words, shown on hover */
  readonly why?: string;
  readonly cells: readonly NormHeatCellView[];
}

/**
 * Light (0) to dark blue (1); text turns white on the dark half. Near the middle neither white nor near-black
 * text reaches WCAG's 4.5:1 on this blue, so lightness skips 46–54 % (white on 46 % is 5.0:1, #111 on 54 % is 4.9:1).
 */
function shade(level: number): { background: string; color: string } {
  const ramp = 97 - 62 * level;
  const dark = ramp < 50;
  const lightness = dark ? Math.min(ramp, 46) : Math.max(ramp, 54);
  return { background: `hsl(212 70% ${lightness.toFixed(1)}%)`, color: dark ? '#fff' : '#111' };
}

/**
 * A heat map of ρ_p (rows: runs, columns: norms), coloured 0…1, the predicted norm of each row outlined.
 * An HTML table, so every number is text a screen reader and a test can read.
 */
export class NormHeatMap extends LitElement {
  static override properties = { rows: { attribute: false }, norms: { attribute: false }, t: { type: Number } };
  static override styles = css`
    ${scrollCueStyles}

    :host {
      display: block;
    }
    table {
      border-collapse: separate;
      border-spacing: 2px;
      font-variant-numeric: tabular-nums;
    }
    th {
      font-weight: 600;
      padding: 0.15rem 0.4rem;
      white-space: nowrap;
    }
    th[scope='row'] {
      text-align: left;
      font-weight: 400;
      white-space: normal;
      min-width: 8rem;
      max-width: 16rem;
    }
    td {
      text-align: center;
      padding: 0.3rem 0.45rem;
      min-width: 3.6rem;
      white-space: nowrap;
      border-radius: 2px;
    }
    td.none {
      background: #d4d4d4;
      color: #555;
    }
    td.predicted {
      box-shadow: inset 0 0 0 3px #e8590c;
      font-weight: 700;
    }
    td.tentative {
      outline: 2px dashed #e8590c;
      outline-offset: -3px;
    }
    .key {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.3rem 0.8rem;
      font-size: 0.75rem;
      color: #444;
      margin-top: 0.35rem;
    }
    .bar {
      display: inline-block;
      width: 7rem;
      height: 0.7rem;
      vertical-align: middle;
      margin: 0 0.25rem;
      background: linear-gradient(to right, hsl(212 70% 97%), hsl(212 70% 35%));
      border: 1px solid #bbb;
    }
    .swatch {
      display: inline-block;
      width: 0.9rem;
      height: 0.9rem;
      vertical-align: middle;
      margin-right: 0.25rem;
    }
    .outlined {
      box-shadow: inset 0 0 0 3px #e8590c;
    }
    .dashed {
      outline: 2px dashed #e8590c;
      outline-offset: -3px;
    }
    .grey {
      background: #d4d4d4;
    }
    /* a phone: all five norms fit 390 px (two did before); narrower still, the table scrolls with a cue */
    @media (max-width: 480px) {
      table {
        font-size: 0.72rem;
        border-spacing: 1px;
      }
      th {
        padding: 0.15rem 0.2rem;
      }
      thead th:first-child {
        white-space: normal;
      }
      th[scope='row'] {
        min-width: 4.5rem;
        max-width: 7rem;
        overflow-wrap: anywhere;
      }
      td {
        padding: 0.25rem 0.15rem;
        min-width: 0;
      }
      /* room for the 3 px outline beside the bold number */
      td.predicted,
      td.tentative {
        padding-inline: 0.3rem;
      }
    }
  `;

  rows: readonly NormHeatRowView[] = [];
  norms: readonly string[] = [];
  t = 0;
  /** marks the table's box while it can scroll further right */
  readonly scrollCue = new ScrollCue(this);

  protected override render() {
    return html`<div class="cue-wrap">
        <div class="cue-scroll" data-testid="norm-heat-scroll">
          <table
            data-testid="norm-heat-map"
            aria-label=${`ρ_p of every run (rows) in every norm (columns) at t = ${this.t}; the predicted norm of each run is outlined`}
          >
            <thead>
              <tr>
                <th scope="col">run · ρ_p at t = ${this.t}</th>
                ${this.norms.map((n) => html`<th scope="col">${n}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${this.rows.map(
                (row, i) =>
                  html`<tr data-run=${i} data-predicted=${row.predicted ?? 'none yet'} title=${row.why ?? ''}>
                    <th scope="row">${row.label}</th>
                    ${row.cells.map((cell) => {
                      const cls = [
                        cell.level === null ? 'none' : '',
                        cell.predicted ? 'predicted' : '',
                        cell.tentative ? 'tentative' : '',
                      ]
                        .join(' ')
                        .trim();
                      const mark = cell.predicted
                        ? ' (predicted norm)'
                        : cell.tentative
                          ? ' (no norm predicted yet: heads here early or eventually)'
                          : '';
                      if (cell.value === null || cell.level === null) {
                        return html`<td
                          class=${cls}
                          data-norm=${cell.norm}
                          title=${`${cell.norm}: not available${mark}`}
                        >
                          —
                        </td>`;
                      }
                      const { background, color } = shade(cell.level);
                      return html`<td
                        class=${cls}
                        data-norm=${cell.norm}
                        data-value=${String(cell.value)}
                        style=${`background:${background};color:${color}`}
                        title=${`${cell.norm}: ρ = ${cell.value}${mark}`}
                      >
                        ${cell.value.toFixed(4)}
                      </td>`;
                    })}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <span class="cue" aria-hidden="true">scroll →</span>
      </div>
      <p class="key">
        <span>ρ_p <span>0</span><span class="bar" aria-hidden="true"></span><span>1</span> (below 0 shows as 0)</span>
        <span
          ><span class="swatch outlined" aria-hidden="true"></span>the norm the optimizer is predicted to approach</span
        >
        ${
          this.rows.some((r) => r.cells.some((c) => c.tentative))
            ? html`<span
                ><span class="swatch dashed" aria-hidden="true"></span>no prediction yet (Adam with ε > 0: max-norm
                while its gradients are far above ε, Frobenius once they are shown to be far below)</span
              >`
            : ''
        }
        <span><span class="swatch grey" aria-hidden="true"></span>— no γ_p</span>
      </p>`;
  }
}

customElements.define('norm-heat-map', NormHeatMap);
declare global {
  interface HTMLElementTagNameMap {
    'norm-heat-map': NormHeatMap;
  }
}
