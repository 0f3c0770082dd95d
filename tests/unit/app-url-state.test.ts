import { describe, expect, it } from 'vitest';
import { readPageQuery } from '../../src/app/url-state.ts';
import { findPreset, PRESETS } from '../../src/app/presets.ts';
import { DEFAULT_EXPERIMENT } from '../../src/core/experiment.ts';
import { decodeExperiment, encodeExperiment } from '../../src/core/url.ts';

describe("the page's reading of its URL", () => {
  it('a bare URL shows the defaults and does not run', () => {
    const q = readPageQuery('');
    expect(q).toEqual({ experiment: DEFAULT_EXPERIMENT, messages: [], hasExperiment: false, autoplay: true });
  });

  it('autoplay=0 keeps a shared link idle and is not reported as an unknown key', () => {
    const q = readPageQuery('?v=1&steps=500&autoplay=0');
    expect(q.hasExperiment).toBe(true);
    expect(q.autoplay).toBe(false);
    expect(q.experiment.steps).toBe(500);
    expect(q.messages).toEqual([]);
  });

  it('bad values are errors naming their key and fall back to the default; unknown keys are warnings', () => {
    const q = readPageQuery('?v=1&n=abc&colour=blue&steps=300');
    expect(q.experiment).toEqual({ ...DEFAULT_EXPERIMENT, steps: 300 });
    const byKey = (key: string) => q.messages.find((m) => m.field === key || m.text.startsWith(`${key}:`));
    expect(byKey('n')?.level).toBe('error');
    expect(byKey('n')?.text).toMatch(/default is used/);
    expect(byKey('colour')?.level).toBe('warning');
  });

  it('a clamped size says what it uses instead of claiming the default', () => {
    const q = readPageQuery('?v=1&n=999999999');
    const m = q.messages.find((x) => x.field === 'n' || x.text.startsWith('n:'));
    expect(q.experiment.n).not.toBe(DEFAULT_EXPERIMENT.n);
    expect(m?.text).not.toMatch(/default is used/);
  });

  it('keys without v= are reported and ignored', () => {
    const q = readPageQuery('?steps=5');
    expect(q.hasExperiment).toBe(false);
    expect(q.experiment).toEqual(DEFAULT_EXPERIMENT);
    expect(q.messages).toHaveLength(1);
    expect(q.messages[0].field).toBe('steps');
  });
});

describe('presets', () => {
  it('every preset survives the URL codec unchanged, with no errors', () => {
    for (const p of PRESETS) {
      const { experiment, errors } = decodeExperiment(encodeExperiment(p.experiment));
      expect(errors, p.id).toEqual([]);
      expect(experiment, p.id).toEqual(p.experiment);
    }
  });

  it("follow the paper's protocol (paper-spec §4)", () => {
    const b = findPreset('figureB')!.experiment;
    expect(b).toMatchObject({ data: 'paper', n: 100, d: 10, k: 3, losses: ['pairlog'], optimizers: ['gd'], steps: 100_000, init: 'gaussian' });
    expect(b.seeds).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(b.lrs).toEqual([0.1 / 3]);
    const a = findPreset('figureA')!.experiment;
    expect(a).toMatchObject({ n: 10, d: 2, k: 3, seeds: [42], init: 'gaussian:0', snapshots: [100, 1000, 100_000] });
    expect(findPreset('gd-vs-ngd')!.experiment.optimizers).toEqual(['gd', 'ngd']);
    expect(findPreset('et-vs-nonet')!.experiment.losses).toEqual(['pairlog', 'ce', 'exp', 'hinge', 'squared']);
  });
});
