// The shared legend's text: run labels ("seed 3 · pairlog · gd η=0.0333") split into the parts all
// runs share, said once, and the parts that tell them apart, which are all each entry needs.

interface LegendText {
  /** what every run has in common, e.g. "pairlog · gd η=0.0333" ('' for a single part) */
  readonly common: string;
  /** per run, what sets it apart, e.g. "seed 3" (the whole label when nothing does) */
  readonly short: readonly string[];
}

const SEPARATOR = ' · ';

export function legendText(labels: readonly string[]): LegendText {
  if (labels.length < 2) return { common: '', short: [...labels] };
  const parts = labels.map((l) => l.split(SEPARATOR));
  const width = Math.max(...parts.map((p) => p.length));
  const shared = Array.from({ length: width }, (_, i) =>
    parts.every((p) => p.length === width && p[i] === parts[0][i]),
  );
  const common = parts[0].filter((_, i) => shared[i]).join(SEPARATOR);
  const short = parts.map((p, r) => {
    const own = p.filter((_, i) => !shared[i]).join(SEPARATOR);
    return own || labels[r];
  });
  return { common, short };
}
