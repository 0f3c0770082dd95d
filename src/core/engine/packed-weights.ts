// Every run's W in one Float64Array, so a worker sends all of them in one transferable message (a
// sweep of 10⁴ runs sent one message per run, and the page spent its checkpoints receiving them).

export interface PackedWeights {
  /** the runs' W one after another */
  readonly data: Float64Array;
  /** each run's length in data */
  readonly lengths: Int32Array;
}

export function packWeights(ws: readonly Float64Array[]): PackedWeights {
  const lengths = Int32Array.from(ws, (w) => w.length);
  const data = new Float64Array(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const w of ws) {
    data.set(w, at);
    at += w.length;
  }
  return { data, lengths };
}

/** The runs' W as views into the one array (no copies). */
export function unpackWeights({ data, lengths }: PackedWeights): Float64Array[] {
  const out: Float64Array[] = [];
  let at = 0;
  for (const n of lengths) {
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}
