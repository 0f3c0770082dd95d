// The one lost-device path (src/gpu/recovering-engine.ts), on stand-in engines: a float64 engine that
// "loses its device" on a chosen call plays the GPU engine, so every resumed run can be held to the
// numbers of a run that was never interrupted, exactly.
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { runToEnd } from '../../../src/core/engine/driver.ts';
import {
  EngineLostError,
  LabError,
  type Checkpoint,
  type Engine,
  type ResumeState,
  type RunSpec,
} from '../../../src/core/types.ts';
import {
  describeResume,
  MAX_FRESH_DEVICES,
  RecoveringEngine,
  type ResumableEngine,
  type ResumeEvent,
} from '../../../src/gpu/recovering-engine.ts';
import { centredStart, trianglePoints } from '../helpers/hand-problems.ts';

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

/**
 * Plays a GPU engine: keeps t and W of its last checkpoint, and throws EngineLostError from its
 * `lostAt`-th call of the named kind (after doing part of an advance, as a real loss does).
 */
class StandInGpu implements ResumableEngine {
  readonly kind = 'gpu';
  readonly inner = new CpuEngine();
  lastCheckpoint: ResumeState | undefined = undefined;
  #calls = 0;
  lost = false;
  constructor(
    readonly device: string,
    private readonly lostAt = Infinity,
    private readonly on: 'advance' | 'checkpoint' | 'load' = 'advance',
  ) {}
  get t() {
    return this.inner.t;
  }
  #maybeLose(kind: string) {
    if (this.lost)
      throw new EngineLostError(
        `the GPU device was lost (${this.device} destroyed); resume …`,
        `${this.device} destroyed`,
      );
    if (kind === this.on && ++this.#calls === this.lostAt) {
      this.lost = true;
      throw new EngineLostError(
        `the GPU device was lost (${this.device} destroyed); resume …`,
        `${this.device} destroyed`,
      );
    }
  }
  async load(runs: readonly RunSpec[], resume?: ResumeState) {
    this.#maybeLose('load');
    await this.inner.load(runs, resume);
    this.lastCheckpoint = { t: this.inner.t, W: runs.map((r, i) => Float64Array.from(resume ? resume.W[i] : r.W0)) };
  }
  async advance(steps: number) {
    if (this.on === 'advance' && this.#calls + 1 === this.lostAt) await this.inner.advance(Math.ceil(steps / 2));
    this.#maybeLose('advance');
    await this.inner.advance(steps);
  }
  async checkpoint(): Promise<Checkpoint[]> {
    this.#maybeLose('checkpoint');
    const cps = await this.inner.checkpoint();
    this.lastCheckpoint = { t: this.inner.t, W: await Promise.all(RUNS.map((_, r) => this.inner.weights(r))) };
    return cps;
  }
  async weights(run: number) {
    this.#maybeLose('weights');
    return this.inner.weights(run);
  }
  async allWeights() {
    this.#maybeLose('weights');
    return this.inner.allWeights();
  }
  dispose() {}
}

async function straight(): Promise<Checkpoint[][]> {
  const engine = new CpuEngine();
  await engine.load(RUNS);
  const out: Checkpoint[][] = [];
  await runToEnd(engine, RUNS, { steps: STEPS, maxChunk: 64 }, (cps) => out.push(cps));
  return out;
}

async function resumed(engine: RecoveringEngine): Promise<Checkpoint[][]> {
  await engine.load(RUNS);
  const out: Checkpoint[][] = [];
  await runToEnd(engine, RUNS, { steps: STEPS, maxChunk: 64 }, (cps) => out.push(cps));
  return out;
}

describe('RecoveringEngine', () => {
  it('resumes on a fresh device from the last checkpoint, replays the lost steps, and says so once', async () => {
    const events: ResumeEvent[] = [];
    const fresh: StandInGpu[] = [];
    const engine = new RecoveringEngine(new StandInGpu('device 1', 20), {
      fresh: async () => {
        fresh.push(new StandInGpu(`device ${fresh.length + 2}`));
        return fresh.at(-1)!;
      },
      fallback: () => {
        throw new Error('no fallback expected');
      },
      onResume: (e) => events.push(e),
    });
    const got = await resumed(engine);
    expect(got).toEqual(await straight());
    expect(engine.t).toBe(STEPS);
    expect(fresh).toHaveLength(1);
    expect(engine.current).toBe(fresh[0]);
    expect(engine.kind).toBe('gpu');
    expect(engine.device).toBe('device 2');
    expect(events).toHaveLength(1);
    // the 20th advance (chunks of ≤ 64 steps between checkpoints) is lost; the last checkpoint before it
    const lostAfter = got
      .map((cps) => cps[0].t)
      .filter((t) => t < events[0].t + 1)
      .at(-1);
    expect(events[0].t).toBe(lostAfter);
    expect(events[0].t).toBeGreaterThan(0);
    expect(describeResume(events[0])).toBe(
      `the GPU device was lost (device 1 destroyed); the runs resumed from their checkpoint at t = ${events[0].t} on a fresh GPU device (device 2)`,
    );
  });

  it('finishes on the fallback engine from the last checkpoint when no fresh device can be had', async () => {
    const events: ResumeEvent[] = [];
    const engine = new RecoveringEngine(new StandInGpu('device 1', 1, 'checkpoint'), {
      fresh: async () => {
        throw new Error('requestAdapter returned null');
      },
      fallback: () => new CpuEngine(),
      onResume: (e) => events.push(e),
    });
    // lost on the t = 0 checkpoint: resumes from the loaded start
    expect(await resumed(engine)).toEqual(await straight());
    expect(engine.kind).toBe('cpu');
    expect(engine.device).toBe('CPU float64');
    expect(events.map((e) => [e.t, e.noFreshDevice])).toEqual([[0, 'requestAdapter returned null']]);
    expect(describeResume(events[0])).toBe(
      'the GPU device was lost (device 1 destroyed); the runs resumed from their checkpoint at t = 0 on the CPU float64 engine ' +
        'since no fresh GPU device could be had (requestAdapter returned null)',
    );
  });

  it(`falls back after ${MAX_FRESH_DEVICES} fresh devices are lost in a row, including while loading`, async () => {
    const events: ResumeEvent[] = [];
    let made = 0;
    const engine = new RecoveringEngine(new StandInGpu('device 1', 30), {
      fresh: async () => new StandInGpu(`device ${++made + 1}`, 1, 'load'),
      fallback: () => new CpuEngine(),
      onResume: (e) => events.push(e),
    });
    expect(await resumed(engine)).toEqual(await straight());
    expect(made).toBe(MAX_FRESH_DEVICES);
    expect(events).toHaveLength(1);
    expect(events[0].engine.kind).toBe('cpu');
    expect(events[0].noFreshDevice).toBe(`${MAX_FRESH_DEVICES} fresh devices were lost in a row`);
  });

  it('passes every other error on untouched', async () => {
    const failing = new StandInGpu('device 1');
    failing.advance = async () => {
      throw new LabError('not a lost device', 'lr');
    };
    let asked = 0;
    const engine = new RecoveringEngine(failing, {
      fresh: async () => {
        asked++;
        return new StandInGpu('device 2');
      },
      fallback: () => new CpuEngine() as Engine,
    });
    await engine.load(RUNS);
    await expect(engine.advance(5)).rejects.toThrow('not a lost device');
    expect(asked).toBe(0);
  });
});
