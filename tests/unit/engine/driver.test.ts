import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { Driver, runToEnd } from '../../../src/core/engine/driver.ts';
import { marginRatios } from '../../../src/core/max-margin/matrix-norms.ts';
import { checkpointSchedule, nextCheckpoint } from '../../../src/core/engine/checkpoint-times.ts';
import {
  EngineLostError,
  type Checkpoint,
  type Engine,
  type ResumeState,
  type RunSpec,
} from '../../../src/core/types.ts';
import { centredStart, trianglePoints } from '../helpers/hand-problems.ts';

describe('checkpointSchedule', () => {
  it('starts at 1, is strictly increasing integers, holds every power of ten and the last step', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 1, max: 40 }), (steps, perDecade) => {
        const s = checkpointSchedule(steps, perDecade);
        expect(s[0]).toBe(1);
        expect(s[s.length - 1]).toBe(steps);
        for (let i = 1; i < s.length; i++) {
          expect(Number.isInteger(s[i])).toBe(true);
          expect(s[i]).toBeGreaterThan(s[i - 1]);
        }
        for (let p = 1; p <= steps; p *= 10) expect(s).toContain(p);
      }),
    );
  });

  it('puts about perDecade points in each full decade beyond the first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), fc.integer({ min: 2, max: 6 }), (perDecade, decades) => {
        const s = checkpointSchedule(10 ** decades, perDecade);
        for (let e = 2; e < decades; e++) {
          const inDecade = s.filter((t) => t > 10 ** e && t <= 10 ** (e + 1)).length;
          expect(inDecade).toBe(perDecade);
        }
      }),
    );
    expect(checkpointSchedule(1000)).toEqual([
      1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32, 40, 50, 63, 79, 100, 126, 158, 200, 251, 316, 398, 501, 631, 794,
      1000,
    ]);
    expect(checkpointSchedule(0)).toEqual([]);
  });

  it('finds the next checkpoint strictly after t', () => {
    const s = [1, 2, 5, 10];
    expect(nextCheckpoint(s, 0)).toBe(1);
    expect(nextCheckpoint(s, 2)).toBe(5);
    expect(nextCheckpoint(s, 3)).toBe(5);
    expect(nextCheckpoint(s, 10)).toBeUndefined();
  });
});

const problem = trianglePoints();
const RUNS: RunSpec[] = [
  {
    label: 'pairlog gd',
    problem,
    loss: 'pairlog',
    optimizer: 'gd',
    schedule: 'const',
    lr: 0.5,
    seed: 0,
    W0: new Float64Array(6),
  },
  {
    label: 'ce ngd',
    problem,
    loss: 'ce',
    optimizer: 'ngd',
    schedule: 'sqrt',
    lr: 0.3,
    seed: 1,
    W0: centredStart(2, 3),
  },
];
const STEPS = 3000;

async function loaded(): Promise<CpuEngine> {
  const engine = new CpuEngine();
  await engine.load(RUNS);
  return engine;
}

/** The reference: a hand-written loop over the schedule on a plain CpuEngine. */
async function manualLoop(schedule: readonly number[]): Promise<Checkpoint[][]> {
  const engine = await loaded();
  // the driver adds ρ_p from each run's W (all null here: these hand problems carry no γ_p)
  const withRho = async (cps: Checkpoint[]) =>
    Promise.all(
      cps.map(async (cp) => ({
        ...cp,
        rho: marginRatios(await engine.weights(cp.run), RUNS[cp.run].problem.train, RUNS[cp.run].problem.norms?.gamma),
      })),
    );
  const out = [await withRho(await engine.checkpoint())];
  for (const t of schedule) {
    await engine.advance(t - engine.t);
    out.push(await withRho(await engine.checkpoint()));
  }
  return out;
}

/** Wraps an engine and throws EngineLostError from the n-th advance call. */
class FlakyEngine implements Engine {
  readonly kind = 'cpu';
  readonly device = 'flaky';
  private calls = 0;
  constructor(
    private readonly inner: Engine,
    private readonly failAt: number,
  ) {}
  get t() {
    return this.inner.t;
  }
  load(runs: readonly RunSpec[], resume?: ResumeState) {
    return this.inner.load(runs, resume);
  }
  async advance(steps: number) {
    if (++this.calls === this.failAt) {
      await this.inner.advance(Math.ceil(steps / 2)); // part of the work done, then the device goes away
      throw new EngineLostError('device lost');
    }
    return this.inner.advance(steps);
  }
  checkpoint() {
    return this.inner.checkpoint();
  }
  weights(run: number) {
    return this.inner.weights(run);
  }
  allWeights() {
    return this.inner.allWeights();
  }
  dispose() {
    this.inner.dispose();
  }
}

describe('Driver', () => {
  it('emits t = 0 and then exactly the engine state at every checkpoint of the schedule', async () => {
    const driver = new Driver(await loaded(), RUNS, { steps: STEPS, maxChunk: 37 });
    const got: Checkpoint[][] = [];
    expect(driver.state).toBe('idle');
    expect(await driver.run((cps) => got.push(cps))).toBe('done');
    expect(driver.t).toBe(STEPS);
    expect(got.map((cps) => cps[0].t)).toEqual([0, ...driver.schedule]);
    expect(got).toEqual(await manualLoop(driver.schedule));
    expect(got[0][0].angle).toBeNaN(); // zero start: no direction yet
    const engine = await loaded();
    await engine.advance(STEPS);
    expect(driver.lastWeights()).toEqual([await engine.weights(0), await engine.weights(1)]);
  });

  it('merges extra checkpoints into the schedule and ignores those outside 1..steps', async () => {
    const driver = new Driver(await loaded(), RUNS, { steps: 100, perDecade: 1, extraCheckpoints: [7, 0, 55, 500, 7] });
    expect(driver.schedule).toEqual([1, 7, 10, 55, 100]);
    const ts: number[] = [];
    await runToEnd(driver.engine, RUNS, { steps: 100, perDecade: 1, extraCheckpoints: [7, 55] }, (cps) =>
      ts.push(cps[0].t),
    );
    expect(ts).toEqual([0, 1, 7, 10, 55, 100]);
  });

  it('gives the same numbers when paused and resumed as when run straight through', async () => {
    const straight: Checkpoint[][] = [];
    await runToEnd(await loaded(), RUNS, { steps: STEPS }, (cps) => straight.push(cps));
    const driver = new Driver(await loaded(), RUNS, { steps: STEPS, maxChunk: 100 });
    const got: Checkpoint[][] = [];
    let pauses = 0;
    const onCheckpoint = (cps: Checkpoint[]) => {
      got.push(cps);
      if (cps[0].t === 200 || cps[0].t === 1585) {
        driver.pause();
        pauses++;
      }
    };
    let state = await driver.run(onCheckpoint);
    while (state === 'paused') {
      expect(driver.t).toBeLessThan(STEPS);
      state = await driver.run(onCheckpoint);
    }
    expect(pauses).toBe(2);
    expect(state).toBe('done');
    expect(got).toEqual(straight);
  });

  it('runs until a given t and continues from there', async () => {
    const driver = new Driver(await loaded(), RUNS, { steps: STEPS });
    const got: Checkpoint[][] = [];
    expect(await driver.run((cps) => got.push(cps), 150)).toBe('paused');
    expect(driver.t).toBe(150);
    expect(await driver.run((cps) => got.push(cps))).toBe('done');
    expect(got).toEqual(await manualLoop(driver.schedule));
  });

  it('step() advances to the next scheduled checkpoint only', async () => {
    const driver = new Driver(await loaded(), RUNS, { steps: 100, perDecade: 2 });
    expect(driver.schedule).toEqual([1, 3, 10, 32, 100]);
    const ts: number[][] = [];
    await driver.step((cps) => ts.push(cps.map((c) => c.t)));
    expect(ts).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(await driver.step((cps) => ts.push(cps.map((c) => c.t)))).toBe('paused');
    expect(driver.t).toBe(3);
    expect(ts).toEqual([
      [0, 0],
      [1, 1],
      [3, 3],
    ]);
    for (let i = 0; i < 3; i++) await driver.step(() => {});
    expect(driver.t).toBe(100);
    expect(driver.state).toBe('done');
  });

  it('stops for good on abort', async () => {
    const driver = new Driver(await loaded(), RUNS, { steps: STEPS, maxChunk: 10 });
    const state = await driver.run((cps) => {
      if (cps[0].t === 50) driver.abort();
    });
    expect(state).toBe('aborted');
    expect(driver.t).toBe(50);
    expect(await driver.run(() => {})).toBe('aborted');
    expect(driver.t).toBe(50);
  });

  it("passes an engine error on (a lost device is the GPU engine's to recover from) and can be run again", async () => {
    const driver = new Driver(new FlakyEngine(await loaded(), 3), RUNS, { steps: STEPS });
    await expect(driver.run(() => {})).rejects.toBeInstanceOf(EngineLostError);
    expect(driver.state).toBe('paused');
  });

  it('yields to the event loop between chunks when asked', async () => {
    const driver = new Driver(await loaded(), RUNS, { steps: 40, maxChunk: 1, yieldToEventLoop: true });
    let timers = 0;
    const ticking = setInterval(() => timers++, 0);
    await driver.run(() => {});
    clearInterval(ticking);
    expect(timers).toBeGreaterThan(0);
  });
});
