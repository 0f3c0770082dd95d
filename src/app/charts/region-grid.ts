// Rasterises the decision regions of a linear classifier through the origin (d = 2): each cell
// takes the class with the largest score x·w_k (ties to the lower class, as argmax does).

const REGION_CELLS = 96;

export type Bounds = readonly [number, number, number, number];

/** A square window around the points with some room, centred on the origin, which every region touches. */
export function regionBounds(X: Float64Array): Bounds {
  let r = 0;
  for (const v of X) r = Math.max(r, Math.abs(v));
  const half = 1.15 * (r || 1);
  return [-half, half, -half, half];
}

/** Class of each cell centre, row 0 at the bottom; W is 2×K row-major. */
export function regionCells(W: Float64Array, k: number, bounds: Bounds, size = REGION_CELLS): Uint8Array {
  const [x0, x1, y0, y1] = bounds;
  const cells = new Uint8Array(size * size);
  for (let row = 0; row < size; row++) {
    const y = y0 + ((row + 0.5) / size) * (y1 - y0);
    for (let col = 0; col < size; col++) {
      const x = x0 + ((col + 0.5) / size) * (x1 - x0);
      let best = 0;
      let bestScore = -Infinity;
      for (let c = 0; c < k; c++) {
        const score = x * W[c] + y * W[k + c];
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      cells[row * size + col] = best;
    }
  }
  return cells;
}
