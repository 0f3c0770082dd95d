import { LitElement, css, html } from 'lit';

/** A point drawn on top of the map, in the map's own coordinates. */
export interface MapPoint {
  readonly x: number;
  readonly y: number;
  readonly cls: number;
}

/** Colours of classes 0, 1, 2, … (the first three are the authors' Figure A colours). */
export const CLASS_COLORS = ['#D81B60', '#1E88E5', '#FFC107', '#004D40', '#8E24AA', '#6D4C41', '#43A047', '#F4511E', '#3949AB', '#00ACC1'];

const SCALAR_STOPS = [
  [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
] as const;

/**
 * A square raster drawn cell by cell: either class indices (regions) or values already scaled
 * to [0, 1] by the page (a heat map). The origin of row 0 is the bottom of the picture.
 */
export class HeatMap extends LitElement {
  static override properties = {
    cells: { attribute: false },
    size: { type: Number },
    mode: { type: String },
    bounds: { attribute: false },
    points: { attribute: false },
    caption: { type: String },
    xLabel: { type: String, attribute: 'x-label' },
    yLabel: { type: String, attribute: 'y-label' },
  };
  static override styles = css`
    :host { display: inline-block; font: 0.75rem system-ui, sans-serif; }
    figure { margin: 0; }
    canvas { width: 100%; max-width: 220px; aspect-ratio: 1; border: 1px solid #ccc; image-rendering: auto; display: block; }
    figcaption { text-align: center; margin-top: 0.2rem; }
  `;

  /** size×size values, row-major, row 0 at the bottom */
  cells: ArrayLike<number> = [];
  size = 0;
  mode: 'classes' | 'scalar' = 'classes';
  /** [xmin, xmax, ymin, ymax] of the raster */
  bounds: readonly [number, number, number, number] = [-1, 1, -1, 1];
  points: readonly MapPoint[] = [];
  caption = '';
  xLabel = '';
  yLabel = '';

  protected override render() {
    return html`<figure>
      <canvas width="220" height="220" role="img" aria-label=${this.caption}></canvas>
      <figcaption>${this.caption}</figcaption>
    </figure>`;
  }

  protected override updated(): void {
    const canvas = this.renderRoot.querySelector('canvas')!;
    const ctx = canvas.getContext('2d')!;
    const px = canvas.width;
    ctx.clearRect(0, 0, px, px);
    if (this.size > 0) this.#drawCells(ctx, px);
    this.#drawPoints(ctx, px);
  }

  #drawCells(ctx: CanvasRenderingContext2D, px: number): void {
    const n = this.size;
    const image = ctx.createImageData(n, n);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const v = this.cells[row * n + col];
        const [r, g, b, a] = this.mode === 'classes' ? classRgba(v) : scalarRgba(v);
        const o = ((n - 1 - row) * n + col) * 4;
        image.data[o] = r; image.data[o + 1] = g; image.data[o + 2] = b; image.data[o + 3] = a;
      }
    }
    const tmp = document.createElement('canvas');
    tmp.width = n; tmp.height = n;
    tmp.getContext('2d')!.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = this.mode === 'scalar';
    ctx.drawImage(tmp, 0, 0, px, px);
  }

  #drawPoints(ctx: CanvasRenderingContext2D, px: number): void {
    const [x0, x1, y0, y1] = this.bounds;
    for (const p of this.points) {
      const cx = ((p.x - x0) / (x1 - x0)) * px;
      const cy = px - ((p.y - y0) / (y1 - y0)) * px;
      ctx.beginPath();
      ctx.arc(cx, cy, 4.5, 0, 2 * Math.PI);
      ctx.fillStyle = CLASS_COLORS[p.cls % CLASS_COLORS.length];
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#222';
      ctx.stroke();
    }
  }
}

function classRgba(cls: number): [number, number, number, number] {
  const hex = CLASS_COLORS[cls % CLASS_COLORS.length];
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 64];
}

/** Viridis-like ramp; NaN cells stay transparent. */
function scalarRgba(v: number): [number, number, number, number] {
  if (!Number.isFinite(v)) return [0, 0, 0, 0];
  const x = Math.min(1, Math.max(0, v)) * (SCALAR_STOPS.length - 1);
  const i = Math.min(SCALAR_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = SCALAR_STOPS[i], b = SCALAR_STOPS[i + 1];
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2]), 255];
}

customElements.define('heat-map', HeatMap);
declare global {
  interface HTMLElementTagNameMap { 'heat-map': HeatMap; }
}
