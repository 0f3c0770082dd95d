// When to take checkpoints: geometric in t, because every curve of the lab is read on a log-t axis.
/** Default checkpoints per decade of t. */
export const DEFAULT_PER_DECADE = 10;

/**
 * Checkpoint steps 1 ≤ t ≤ steps: round(10^{m/perDecade}) for m = 0, 1, …, deduplicated, plus every power of
 * ten and `steps` itself. Strictly increasing integers. Early decades hold fewer points (there are only
 * nine integers in 1..9), later ones exactly `perDecade`.
 */
export function checkpointSchedule(steps: number, perDecade = DEFAULT_PER_DECADE): number[] {
  const last = Math.floor(steps);
  if (last < 1) return [];
  const points = new Set<number>();
  for (let m = 0; ; m++) {
    const t = Math.round(10 ** (m / perDecade));
    if (t > last) break;
    points.add(t);
  }
  for (let p = 1; p <= last; p *= 10) points.add(p);
  points.add(last);
  return [...points].sort((a, b) => a - b);
}

/** The first scheduled step after t, or undefined past the end. */
export function nextCheckpoint(schedule: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = schedule.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (schedule[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return schedule[lo];
}
