// The progress line's steps/s and time left, from the checkpoints' (wall time, t) pairs. Checkpoints
// are log-spaced, so late ones are far apart (t = 79,433 → 100,000 at 10 per decade) and the first
// ones are dense and slow (a readback each); a plain "steps since 2 s ago" rate then stalls between
// checkpoints and starts far too pessimistic. Here: an exponential moving average of the rate between
// checkpoints, weighted by the wall time each covers, no estimate before a few intervals, and a time
// left that counts down from the last checkpoint at that rate.

/** The average's time constant: an interval this long moves it 1 − 1/e of the way to its own rate. */
export const RATE_TIME_CONSTANT_MS = 3000;
/** Intervals between checkpoints measured before any rate is shown (the first, Play → t₁, is warm-up and is not one). */
export const MIN_RATE_INTERVALS = 3;

export class StepRate {
  #last: { wall: number; t: number } | undefined;
  #rate = 0;
  #intervals = 0;
  #warmedUp = false;

  /** Forget everything (reset, a new experiment); after a pause call resume() instead. */
  reset(): void {
    this.#last = undefined;
    this.#rate = 0;
    this.#intervals = 0;
    this.#warmedUp = false;
  }

  /** The run resumes after a pause: the paused wall time is no interval, the average is kept. */
  resume(): void {
    this.#last = undefined;
  }

  /** A checkpoint at step t, seen at wall-clock time `wall` (ms). */
  add(wall: number, t: number): void {
    const last = this.#last;
    this.#last = { wall, t };
    if (!last || wall <= last.wall || t <= last.t) return;
    // the first interval after a start holds the engine's warm-up (compiling, first upload): skipped
    if (!this.#warmedUp) {
      this.#warmedUp = true;
      return;
    }
    const dt = wall - last.wall;
    const rate = ((t - last.t) * 1000) / dt;
    const weight = this.#intervals === 0 ? 1 : 1 - Math.exp(-dt / RATE_TIME_CONSTANT_MS);
    this.#rate += weight * (rate - this.#rate);
    this.#intervals += 1;
  }

  /** Steps per second, or 0 while there is no estimate yet. */
  get stepsPerSecond(): number {
    return this.#intervals >= MIN_RATE_INTERVALS ? this.#rate : 0;
  }

  /** Seconds until t = steps at `wall`, counting down from the last checkpoint; null with no estimate yet. */
  secondsLeft(steps: number, wall: number): number | null {
    const rate = this.stepsPerSecond;
    if (!(rate > 0) || !this.#last) return null;
    const since = Math.max(0, wall - this.#last.wall) / 1000;
    return Math.max(0, (steps - this.#last.t) / rate - since);
  }
}
