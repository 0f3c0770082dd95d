import { LitElement, css, html } from 'lit';
import { mathText } from '../math-text.ts';

/** Layout in CSS pixels: the square map, room for ticks and names left and below, a colour bar right. */
const PLOT = { left: 34, top: 6, size: 200 } as const;
const BAR_W = 10;
const CANVAS_W = PLOT.left + PLOT.size + 10 + BAR_W + 44;
const CANVAS_H = PLOT.top + PLOT.size + 32;
/** drawn at twice the CSS size, so it stays sharp on high-density screens */
const DPR = 2;

/** A point drawn on top of the map, in the map's own coordinates. */
export interface MapPoint {
  readonly x: number;
  readonly y: number;
  readonly cls: number;
}

/** Colours of classes 0, 1, 2, … (the first three are the authors' Figure A colours). */
const CLASS_COLORS = [
  '#D81B60',
  '#1E88E5',
  '#FFC107',
  '#004D40',
  '#8E24AA',
  '#6D4C41',
  '#43A047',
  '#F4511E',
  '#3949AB',
  '#00ACC1',
];

const SCALAR_STOPS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
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
    scaleLow: { type: String, attribute: false },
    scaleHigh: { type: String, attribute: false },
  };
  static override styles = css`
    :host {
      display: inline-block;
      font:
        0.75rem system-ui,
        sans-serif;
    }
    figure {
      margin: 0;
    }
    canvas {
      width: 100%;
      display: block;
    }
    figcaption {
      text-align: center;
      margin-top: 0.2rem;
    }
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
  /** scalar mode: what the two ends of the colour bar mean */
  scaleLow = '';
  scaleHigh = '';

  protected override render() {
    return html`<figure>
      <canvas
        width=${this.#width() * DPR}
        height=${CANVAS_H * DPR}
        role="img"
        aria-label=${this.caption}
        style=${`max-width:${this.#width()}px;aspect-ratio:${this.#width()} / ${CANVAS_H}`}
      ></canvas>
      <figcaption>${mathText(this.caption)}</figcaption>
    </figure>`;
  }

  protected override updated(): void {
    const canvas = this.renderRoot.querySelector('canvas')!;
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(DPR, 0, 0, DPR, 0, 0);
    ctx.clearRect(0, 0, this.#width(), CANVAS_H);
    ctx.save();
    ctx.translate(PLOT.left, PLOT.top);
    ctx.beginPath();
    ctx.rect(0, 0, PLOT.size, PLOT.size);
    ctx.clip();
    if (this.size > 0) this.#drawCells(ctx, PLOT.size);
    this.#drawPoints(ctx, PLOT.size);
    ctx.restore();
    this.#drawAxes(ctx);
    if (this.mode === 'scalar') this.#drawColourBar(ctx);
  }

  /** CSS width: the colour bar and its labels only in scalar mode. */
  #width(): number {
    return this.mode === 'scalar' ? CANVAS_W : PLOT.left + PLOT.size + 8;
  }

  /** Frame, ticks at round values of the bounds, and the axis names. */
  #drawAxes(ctx: CanvasRenderingContext2D): void {
    const { left, top, size } = PLOT;
    const [x0, x1, y0, y1] = this.bounds;
    ctx.strokeStyle = '#888';
    ctx.lineWidth = 1;
    ctx.strokeRect(left + 0.5, top + 0.5, size, size);
    ctx.fillStyle = '#333';
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const v of roundTicks(x0, x1)) {
      const x = left + ((v - x0) / (x1 - x0)) * size;
      ctx.fillRect(x, top + size, 1, 4);
      ctx.fillText(tickLabel(v), x, top + size + 5);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of roundTicks(y0, y1)) {
      const y = top + size - ((v - y0) / (y1 - y0)) * size;
      ctx.fillRect(left - 4, y, 4, 1);
      ctx.fillText(tickLabel(v), left - 6, y);
    }
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    if (this.xLabel) ctx.fillText(this.xLabel, left + size / 2, CANVAS_H - 3);
    if (this.yLabel) {
      ctx.save();
      ctx.translate(10, top + size / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(this.yLabel, 0, 0);
      ctx.restore();
    }
  }

  /** The colour ramp beside the map, low at the bottom, with what its ends mean. */
  #drawColourBar(ctx: CanvasRenderingContext2D): void {
    const x = PLOT.left + PLOT.size + 10;
    const { top, size } = PLOT;
    for (let i = 0; i < size; i++) {
      const [r, g, b] = scalarRgba(1 - i / (size - 1));
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fillRect(x, top + i, BAR_W, 1);
    }
    ctx.strokeStyle = '#888';
    ctx.strokeRect(x + 0.5, top + 0.5, BAR_W, size);
    ctx.fillStyle = '#333';
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(this.scaleHigh, x + BAR_W + 3, top);
    ctx.textBaseline = 'bottom';
    ctx.fillText(this.scaleLow, x + BAR_W + 3, top + size);
  }

  #drawCells(ctx: CanvasRenderingContext2D, px: number): void {
    const n = this.size;
    const image = ctx.createImageData(n, n);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const v = this.cells[row * n + col];
        const [r, g, b, a] = this.mode === 'classes' ? classRgba(v) : scalarRgba(v);
        const o = ((n - 1 - row) * n + col) * 4;
        image.data[o] = r;
        image.data[o + 1] = g;
        image.data[o + 2] = b;
        image.data[o + 3] = a;
      }
    }
    const tmp = document.createElement('canvas');
    tmp.width = n;
    tmp.height = n;
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

/** Round values from a to b, about five of them (1, 2 or 5 × 10^k apart). */
function roundTicks(a: number, b: number): number[] {
  if (!(b > a) || !Number.isFinite(b - a)) return [];
  const raw = (b - a) / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const ticks: number[] = [];
  for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) ticks.push(v);
  return ticks;
}

function tickLabel(v: number): string {
  return String(Number(v.toPrecision(3))).replace('-', '−');
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
  const a = SCALAR_STOPS[i],
    b = SCALAR_STOPS[i + 1];
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2]), 255];
}

customElements.define('heat-map', HeatMap);
declare global {
  interface HTMLElementTagNameMap {
    'heat-map': HeatMap;
  }
}
