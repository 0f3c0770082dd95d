import { describe, expect, it } from 'vitest';
import { readPageQuery } from '../../../src/app/state/url-state.ts';
import { activePresetId, findPreset, PRESETS } from '../../../src/app/state/presets.ts';
import { fieldMessage, userMessage } from '../../../src/app/state/user-message.ts';
import { parseDatasetFile } from '../../../src/core/data/data-import.ts';
import { DEFAULT_EXPERIMENT, parseField } from '../../../src/core/experiment/experiment.ts';
import { decodeExperiment, encodeExperiment } from '../../../src/core/experiment/url.ts';
import { errorOf } from '../helpers/lab-error.ts';

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

  it('shows one banner for 12,000 unknown keys, not 12,000', () => {
    const unknown = Array.from({ length: 12_000 }, (_, i) => `key${i}=1`).join('&');
    const q = readPageQuery(`?v=1&steps=300&${unknown}`);
    expect(q.experiment).toEqual({ ...DEFAULT_EXPERIMENT, steps: 300 });
    expect(q.messages).toEqual([
      { level: 'warning', field: 'key0, key1, key2, …', text: '12000 unknown keys in the link, ignored' },
    ]);
  });

  it('a clamped size says what it uses instead of claiming the default', () => {
    const q = readPageQuery('?v=1&n=999999999');
    const m = q.messages.find((x) => x.field === 'n' || x.text.startsWith('n:'));
    expect(q.experiment.n).not.toBe(DEFAULT_EXPERIMENT.n);
    expect(m?.text).not.toMatch(/default is used/);
  });

  it('a link without v=1 (no v, v=0, v=99) is an error on v and leaves the default experiment idle (issue 11, item 12)', () => {
    for (const search of ['?steps=5', '?v=0&steps=5', '?v=99&steps=5', '?garbage']) {
      const q = readPageQuery(search);
      expect(q.hasExperiment, search).toBe(false);
      expect(q.experiment, search).toEqual(DEFAULT_EXPERIMENT);
      expect(q.messages, search).toHaveLength(1);
      expect(q.messages[0], search).toMatchObject({ level: 'error', field: 'v' });
      expect(q.messages[0].text, search).toMatch(/not run/);
    }
    // page-only keys alone are no link
    expect(readPageQuery('?autoplay=0')).toMatchObject({ hasExperiment: false, messages: [] });
  });

  it('a clamped size names what the page uses, which the core message leaves to the reader', () => {
    const q = readPageQuery('?v=1&n=200000');
    expect(q.messages.map((m) => [m.field, m.text])).toEqual([
      ['n', '200000 is above the maximum 100000; using 100000'],
      ['link', "not run at once: the link's n was changed (above); check the settings, then press Play"],
    ]);
    expect(q.autoplay).toBe(false);
  });

  it('a link whose values were clamped or replaced loads idle; an ignored unknown key does not (issue 21)', () => {
    // n=5000000 would run N = 100,000 for minutes; steps=abc falls back to the default
    const q = readPageQuery('?v=1&n=5000000&steps=abc&engine=cpu');
    expect(q).toMatchObject({ hasExperiment: true, autoplay: false });
    expect(q.experiment.n).toBe(100_000);
    expect(q.messages.at(-1)).toEqual({
      level: 'warning',
      field: 'link',
      text: "not run at once: the link's n, steps were changed (above); check the settings, then press Play",
    });
    expect(readPageQuery('?v=1&steps=300&colour=blue')).toMatchObject({ autoplay: true });
    expect(readPageQuery('?v=1&steps=300').autoplay).toBe(true);
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

  it("follow the paper's protocol (arXiv 2411.01350, Appendix I; docs/protocol.md)", () => {
    const b = findPreset('figureB')!.experiment;
    expect(b).toMatchObject({
      data: 'paper',
      n: 100,
      d: 10,
      k: 3,
      losses: ['pairlog'],
      optimizers: ['gd'],
      steps: 100_000,
      init: 'gaussian',
    });
    expect(b.seeds).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(b.lrs).toEqual([0.1 / 3]);
    const a = findPreset('figureA')!.experiment;
    expect(a).toMatchObject({ n: 10, d: 2, k: 3, seeds: [42], init: 'gaussian:0', snapshots: [100, 1000, 100_000] });
    expect(findPreset('gd-vs-ngd')!.experiment.optimizers).toEqual(['gd', 'ngd']);
    // the exponential loss overflows from the Gaussian start this comparison needs (see presets.ts)
    expect(findPreset('et-vs-nonet')!.experiment).toMatchObject({
      n: 30,
      d: 20,
      losses: ['pairlog', 'ce', 'hinge', 'squared'],
      init: 'gaussian',
    });
  });

  it("beyond the paper: Fan et al.'s setting (arXiv 2502.04664) for the Norms race, Muon vs spectral descent on smaller blobs, Adam's ε with ε = 0 and 1e-8", () => {
    const fan = { data: 'blobs', n: 500, d: 25, k: 10, losses: ['ce'], schedule: 'sqrt', init: 'zero' };
    expect(findPreset('norms-race')!.experiment).toMatchObject({
      ...fan,
      optimizers: ['ngd', 'sign', 'spectral', 'adam'],
      eps: [0],
      beta2: [0.95],
    });
    const muon = findPreset('muon-spectral')!.experiment;
    // Fan et al.'s blobs, 50 points per class, at K = 5 and d = 10 (its γ_p are solved in seconds)
    expect(muon).toMatchObject({ ...fan, n: 250, d: 10, k: 5, optimizers: ['spectral', 'muon'], beta: [0.9], ns: [0] });
    expect(findPreset('muon-spectral')!.claim).toContain('arXiv 2502.04664');
    expect(findPreset('adam-eps')!.experiment).toMatchObject({ optimizers: ['adam'], eps: [0, 1e-8] });
    expect(findPreset('momentum-fro')!.experiment.optimizers).toEqual(['gd', 'momentum']);
    // the link of each writes only what differs from the defaults, and reads back to the same experiment
    expect(encodeExperiment(muon)).toContain('opt=spectral,muon');
    expect(encodeExperiment(muon)).not.toContain('beta=');
  });

  it('are recognised from their experiment, whatever engine or hidden controls it carries', () => {
    const b = findPreset('figureB')!.experiment;
    expect(activePresetId(b)).toBe('figureB');
    expect(activePresetId({ ...b, engine: 'cpu', hide: ['lr'], scale: 'lin' })).toBe('figureB');
    expect(activePresetId({ ...b, steps: 2000 })).toBe('');
    expect(activePresetId({ ...b, lrs: [0.1] })).toBe('');
    for (const p of PRESETS) expect(activePresetId(p.experiment)).toBe(p.id);
  });
});

describe('control characters in a link (issue 11, item 7)', () => {
  it('are shown escaped in the banner', () => {
    const q = readPageQuery('?v=1&loss=pair%1B%5B31mlog&col%0Dour=1&autoplay=%07');
    const texts = q.messages.map((m) => `${m.field ?? ''} ${m.text}`).join(' | ');
    expect(texts).not.toMatch(/[\u0000-\u001f]/);
    expect(texts).toMatch(/\\u001b\[31m|\\x1b\[31m/);
    expect(texts).toMatch(/col\\rour/);
    expect(texts).toMatch(/\\x07/);
  });
});

describe("the page's paths share the parsers' messages (issue 20, section 4)", () => {
  it("a link with eps=1e-400 is an error on eps with the command line's text, and the default ε is used, not 0", () => {
    const q = readPageQuery('?v=1&opt=adam&eps=1e-400');
    const eps = q.messages.find((m) => m.field === 'eps' || m.text.startsWith('eps:'));
    expect(eps?.level).toBe('error');
    expect(eps?.text).toContain(
      '"1e-400" underflows: float64 has no nonzero number below about 5e-324, so it would be read as 0',
    );
    expect(q.experiment.eps).toEqual(DEFAULT_EXPERIMENT.eps);
  });

  it('a typed field and an uploaded file get the same words as --eps and --data', () => {
    const typed = fieldMessage(userMessage(errorOf(() => parseField('eps', '1e-400'))), ['eps']);
    expect(typed).toBe(
      '"1e-400" underflows: float64 has no nonzero number below about 5e-324, so it would be read as 0; use numbers from 0 to 1, e.g. 1e-8 or a list such as 0,1e-8 (not applied)',
    );
    // the page's upload shows `${file.name}: ${message}` of the same parser the CLI reads --data with
    const upload = userMessage(errorOf(() => parseDatasetFile('euro.csv', '1,5;0\n2,5;0\n-1,5;1\n-2,5;1\n')));
    expect(upload).toMatch(/^row 1: "1,5;0" looks like values separated by ; with decimal commas/);
  });
});
