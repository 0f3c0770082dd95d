// A lost device on real WGSL (Dawn over llvmpipe): the GPU engine resumes from its last checkpoint
// on a fresh device, or on the float64 CPU engine when there is none, and the command line says so
// and still prints its summary; optimizer state travels with the checkpoint. Small problems: the
// emulator is slow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { runCommand, type OpenEngine } from '../../src/cli/commands/run.ts';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { runToEnd } from '../../src/core/engine/driver.ts';
import type { Checkpoint, RunSpec } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import type { ResumeEvent } from '../../src/gpu/recovering-engine.ts';
import { recoveringGpuEngine } from '../../src/gpu/select-engine.ts';
import { maxRelDiff, paperProblem, runSpec } from './helpers.ts';

let spare: GpuHandle;
beforeAll(async () => {
  spare = await acquireNodeGpu();
});
afterAll(() => spare?.device.destroy());

const STEPS = 400;
/** The device is destroyed right after the first checkpoint at or past this t. */
const LOSE_AT = 100;

async function float64(runs: readonly RunSpec[]): Promise<Checkpoint[]> {
  const cpu = new CpuEngine();
  await cpu.load(runs);
  await cpu.advance(STEPS);
  return cpu.checkpoint();
}

describe('a lost GPU device', () => {
  it('resumes on a fresh device from the last checkpoint and ends where float64 does', async () => {
    const p = paperProblem(40, 4, 3, 5);
    const runs = [runSpec(p, 'pairlog', 'gd', 0.1 / 3, { seed: 5 }), runSpec(p, 'ce', 'gd', 0.1, { seed: 6 })];
    const own = await acquireNodeGpu();
    const events: ResumeEvent[] = [];
    const engine = recoveringGpuEngine(own, {
      freshDevice: async () => spare,
      fallback: () => {
        throw new Error('a fresh device was there: no fallback expected');
      },
      onResume: (e) => events.push(e),
    });
    await engine.load(runs);
    let lostAt: number | undefined;
    let last: Checkpoint[] = [];
    await runToEnd(engine, runs, { steps: STEPS }, (cps) => {
      last = cps;
      if (lostAt === undefined && cps[0].t >= LOSE_AT) {
        lostAt = cps[0].t;
        own.device.destroy();
      }
    });
    expect(events).toHaveLength(1);
    expect(events[0].t).toBe(lostAt);
    expect(events[0].engine.kind).toBe('gpu');
    expect(engine.t).toBe(STEPS);
    const want = await float64(runs);
    last.forEach((got, r) => {
      expect(got.t).toBe(STEPS);
      expect(Math.abs(got.distance - want[r].distance)).toBeLessThan(1e-4);
      expect(Math.abs(got.normRatio / want[r].normRatio - 1)).toBeLessThan(1e-4);
    });
    engine.dispose();
  });

  it('lets `lab run` finish on the CPU engine from the last checkpoint when no fresh device can be had, saying so, with its summary', async () => {
    let own: GpuHandle | undefined;
    const open: OpenEngine = async (_choice, onResume) => {
      own = await acquireNodeGpu();
      const engine = recoveringGpuEngine(own, {
        freshDevice: async () => {
          throw new Error('no adapter left');
        },
        fallback: () => new CpuEngine(),
        onResume,
      });
      return { engine };
    };
    const lines: Record<string, unknown>[] = [];
    const notes: string[] = [];
    let lostAt: number | undefined;
    const out = (line: string) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      lines.push(record);
      if (lostAt === undefined && typeof record.t === 'number' && record.t >= LOSE_AT && record.run === 0) {
        lostAt = record.t;
        own?.device.destroy();
      }
    };
    const flags = [
      'run',
      '--preset',
      'paper',
      '--n',
      '40',
      '--d',
      '4',
      '--k',
      '3',
      '--seeds',
      '0,1',
      '--lr',
      '0.1/3',
      '--steps',
      `${STEPS}`,
      '--engine',
      'gpu',
    ];
    await runCommand(parseArgs(flags), out, (line) => notes.push(line), undefined, open);

    // progress lines of the preparation ("margins: 57 % …") appear when it takes over a second (a loaded machine)
    const said = notes.filter((line) => !/^margins: /.test(line));
    expect(said).toEqual([
      `the GPU device was lost (${said[0]?.match(/lost \((.+)\); the runs/)?.[1]}); the runs resumed from their checkpoint at t = ${lostAt} ` +
        'on the CPU float64 engine since no fresh GPU device could be had (no adapter left)',
    ]);
    const summary = lines.at(-1)?.summary as {
      engine: string;
      device: string;
      resumed: unknown[];
      runs: { t: number; distance: number }[];
    };
    expect(summary.engine).toBe('cpu');
    expect(summary.resumed).toEqual([{ t: lostAt, engine: 'cpu', device: 'CPU float64', cause: expect.any(String) }]);
    // every checkpoint once, in order, across the loss
    const ts = lines.filter((l) => l.run === 0).map((l) => l.t as number);
    expect(ts).toEqual([...new Set(ts)].sort((a, b) => a - b));
    expect(ts.at(-1)).toBe(STEPS);

    const reference: Record<string, unknown>[] = [];
    await runCommand(
      parseArgs([...flags.slice(0, -2), '--engine', 'cpu', '--quiet']),
      (line) => reference.push(JSON.parse(line)),
      () => {},
    );
    const want = (reference.at(-1)?.summary as typeof summary).runs;
    summary.runs.forEach((got, r) => {
      expect(got.t).toBe(STEPS);
      expect(Math.abs(got.distance - want[r].distance)).toBeLessThan(1e-4);
    });
  });

  describe("continues the optimizer state (momentum buffer, Adam's moments, Muon's average) across the loss", () => {
    const optim = { beta: 0.9, beta2: 0.99, eps: 1e-8, ns: 0, wd: 0 };
    const p = paperProblem(40, 4, 3, 5);
    const runs: RunSpec[] = [
      { ...runSpec(p, 'pairlog', 'momentum', 0.05, { seed: 5 }), optim },
      { ...runSpec(p, 'ce', 'adam', 0.02, { seed: 6 }), optim },
      { ...runSpec(p, 'ce', 'muon', 0.05, { schedule: 'sqrt', seed: 7 }), optim },
    ];

    /**
     * max |ΔW| / max |W| allowed against the uninterrupted float64 run: f32 against float64 as in
     * optimizers.test.ts (Adam's step reacts to the rounding of near-zero gradient entries). Measured
     * resumed: momentum 4.9e-8, Adam 1.7e-5 (fresh device) / 5.5e-6 (CPU), Muon 1.1e-8; restarted state
     * instead: 9.1e-3, 0.43, 1.1e-4.
     */
    const BOUND: Record<string, number> = { momentum: 1e-6, adam: 5e-5, muon: 1e-6 };

    for (const onto of ['gpu', 'cpu'] as const) {
      it(`on ${onto === 'gpu' ? 'a fresh device' : 'the CPU fallback'}: W ends where an uninterrupted float64 run does, not where a restarted state leads`, async () => {
        const own = await acquireNodeGpu();
        const events: ResumeEvent[] = [];
        const engine = recoveringGpuEngine(own, {
          freshDevice: async () => {
            if (onto === 'gpu') return spare;
            throw new Error('no adapter left');
          },
          fallback: () => new CpuEngine(),
          onResume: (e) => events.push(e),
        });
        await engine.load(runs);
        let lostAt: number | undefined;
        await runToEnd(engine, runs, { steps: STEPS }, (cps) => {
          if (lostAt === undefined && cps[0].t >= LOSE_AT) {
            lostAt = cps[0].t;
            own.device.destroy();
          }
        });
        expect(events.map((e) => e.engine.kind)).toEqual([onto]);
        expect(lostAt).toBeLessThan(STEPS);
        // references: float64 without a break, and float64 restarted at lostAt from W alone (state afresh)
        const whole = new CpuEngine();
        await whole.load(runs);
        await whole.advance(STEPS);
        const early = new CpuEngine();
        await early.load(runs);
        await early.advance(lostAt!);
        const restarted = new CpuEngine();
        await restarted.load(runs, { t: lostAt!, W: await Promise.all(runs.map((_, r) => early.weights(r))) });
        await restarted.advance(STEPS - lostAt!);
        for (let r = 0; r < runs.length; r++) {
          const got = await engine.weights(r);
          const kept = maxRelDiff(got, await whole.weights(r));
          const lost = maxRelDiff(await restarted.weights(r), await whole.weights(r));
          console.log(
            `${runs[r].optimizer} resumed on ${onto} at t=${lostAt}: |ΔW| vs uninterrupted ${kept.toExponential(2)}; a restarted state would give ${lost.toExponential(2)}`,
          );
          const bound = BOUND[runs[r].optimizer];
          expect(kept, runs[r].optimizer).toBeLessThan(bound);
          expect(
            lost,
            `${runs[r].optimizer}: restarting the state must matter for this test to mean anything`,
          ).toBeGreaterThan(50 * bound);
        }
        engine.dispose();
      });
    }
  });
});
