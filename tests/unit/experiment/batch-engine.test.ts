// Mini-batches and the engines (issue 17): the GPU engine has no mini-batches yet, so engine=gpu with
// batch < N is refused by field with the fix, and `auto` runs them on the CPU engine — never a silent full batch.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args.ts';
import { runCommand } from '../../../src/cli/commands/run.ts';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { BATCH_ON_GPU, engineChoiceOf, isMiniBatch } from '../../../src/core/experiment/batch-params.ts';
import { validateExperiment } from '../../../src/core/experiment/experiment.ts';
import type { EngineChoice } from '../../../src/core/types.ts';

describe('mini-batches and the engine choice (issue 17)', () => {
  it('refuses engine=gpu with batch < N by the batch field, naming engine=cpu, and keeps the rest', () => {
    const { experiment, errors } = validateExperiment({ engine: 'gpu', n: 40, batch: '8', steps: '300' });
    expect(BATCH_ON_GPU).toBe('mini-batches run on the CPU engine for now; use engine=cpu');
    expect(errors).toEqual([{ field: 'batch', message: BATCH_ON_GPU }]);
    expect([experiment.engine, experiment.batch, experiment.n, experiment.steps]).toEqual(['gpu', 0, 40, 300]);
    // batch = N is full batch, which the GPU engine runs
    expect(validateExperiment({ engine: 'gpu', n: 40, batch: '40' }).errors).toEqual([]);
  });

  it('auto picks the CPU engine for mini-batches only', () => {
    const cases: [EngineChoice, number, EngineChoice][] = [
      ['auto', 8, 'cpu'],
      ['auto', 0, 'auto'],
      ['auto', 40, 'auto'],
      ['cpu', 8, 'cpu'],
      ['gpu', 0, 'gpu'],
    ];
    for (const [engine, batch, want] of cases) {
      expect(engineChoiceOf({ engine, batch, n: 40 }), `${engine} batch=${batch}`).toBe(want);
      expect(isMiniBatch({ batch, n: 40 })).toBe(batch === 8);
    }
  });

  it('lab run --batch B with the default engine asks for the CPU engine', async () => {
    const asked: EngineChoice[] = [];
    const lines: string[] = [];
    const open = async (choice: EngineChoice) => {
      asked.push(choice);
      return { engine: new CpuEngine() };
    };
    const flags = ['run', '--n', '20', '--d', '3', '--k', '2', '--steps', '20', '--final-only'];
    await runCommand(
      parseArgs([...flags, '--batch', '3']),
      (l) => lines.push(l),
      () => {},
      () => {},
      open,
    );
    await runCommand(
      parseArgs(flags),
      (l) => lines.push(l),
      () => {},
      () => {},
      open,
    );
    expect(asked).toEqual(['cpu', 'auto']);
    expect(lines.length).toBeGreaterThan(0);
  });
});
