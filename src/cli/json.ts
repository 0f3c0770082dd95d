/** JSON for machines: NaN and ±Infinity become null (JSON has neither), typed arrays become plain arrays. */
export function toJson(value: unknown, pretty = false): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
      return v;
    },
    pretty ? 2 : undefined,
  );
}

/** A d×K row-major matrix as nested rows. */
export function matrixRows(values: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from({ length: cols }, (_, c) => values[r * cols + c]));
  return out;
}
