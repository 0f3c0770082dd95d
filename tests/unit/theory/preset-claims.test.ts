// The presets' sentences and their fixtures: each sentence shows the quoted numbers of src/app/state/claims.json,
// and each quoted number is the CLI's fuller reading (tests/fixtures/preset-readings.json) rounded to the
// digits quoted, so neither the sentence, its page check (tests/e2e/claims.test.ts) nor the readings behind it can drift.
import { describe, expect, it } from 'vitest';
import CLAIMS from '../../../src/app/state/claims.json';
import { findPreset, PRESETS } from '../../../src/app/state/presets.ts';
import type { Experiment } from '../../../src/core/types.ts';
import READINGS from '../../fixtures/preset-readings.json';

/** `quoted` is `measured` rounded to `digits` decimals (half a unit of the last digit, plus rounding of the binary values). */
function expectRounded(quoted: number, measured: number, digits: number, what: string): void {
  expect(Math.abs(quoted - measured), `${what}: ${quoted} against the reading ${measured}`).toBeLessThanOrEqual(
    0.5 * 10 ** -digits + 1e-12,
  );
}

const claimOf = (id: string) => findPreset(id)!.claim;

describe("the presets' quoted numbers", () => {
  it('appear in their sentences as the fixture has them', () => {
    expect(claimOf('figure1')).toContain('distance to Ŵ 0.46 at t = 10², 0.15 at 10⁴');
    expect(claimOf('figureA')).toContain('0.98, 0.27 and 0.11 at those times');
    expect(claimOf('norms-race')).toContain(`sign descent's ρ_max (${CLAIMS['norms-race'].rhoAt20000.signMax})`);
    expect(claimOf('muon-spectral')).toContain(
      'to 0.9555 ± 0.0001 in both at 2·10⁴, Muon within 0.0025 of spectral descent from t = 400 on',
    );
    expect(claimOf('phase-diagram')).toContain(
      'the median loss at t = 10⁴ falls from 5.6e-3 (η ≈ 1) to 6–8e-7 (η = 200)',
    );
    expect(claimOf('phase-diagram')).toContain(
      'diverges on 3 of 16 seeds at η = 1.58, on 12 at 2.32 and on all from 3.42',
    );
  });

  it("are the CLI's readings of the Norms race, rounded", () => {
    const { rhoAt20000: q, ngdFroAt10000, adamDefaultBeta2At20000 } = CLAIMS['norms-race'];
    const measured = READINGS['norms-race'];
    const m = measured.rhoAt20000;
    expectRounded(q.signMax, m.sign.max, 3, 'sign ρ_max');
    expectRounded(q.spectralSpectral, m.spectral.spectral, 3, 'spectral ρ_spectral');
    expectRounded(q.ngdFro, m.ngd.fro, 3, 'ngd ρ_fro');
    expectRounded(q.spectralFro, m.spectral.fro, 3, 'spectral ρ_fro');
    expectRounded(q.adamMax, m.adam.max, 3, 'adam ρ_max');
    expectRounded(ngdFroAt10000, measured.rhoAt10000.ngd.fro, 3, 'ngd ρ_fro at 10⁴');
    expectRounded(adamDefaultBeta2At20000.max, measured.adamOtherBeta2['0.999'].maxAt20000, 2, 'adam β₂ = 0.999 ρ_max');
    expectRounded(adamDefaultBeta2At20000.fro, measured.adamOtherBeta2['0.999'].froAt20000, 2, 'adam β₂ = 0.999 ρ_fro');
    // each row is led by the norm the sentence names
    expect(Math.max(m.sign.fro, m.sign.l1, m.sign.spectral, m.sign.nuclear)).toBeLessThan(m.sign.max);
    expect(Math.max(m.spectral.fro, m.spectral.max, m.spectral.l1, m.spectral.nuclear)).toBeLessThan(
      m.spectral.spectral,
    );
  });

  it("are the CLI's readings of Muon against spectral descent, rounded, in both runs", () => {
    const q = CLAIMS['muon-spectral'];
    const { rhoAt1000, rhoAt20000 } = READINGS['muon-spectral'];
    for (const run of ['spectral', 'muon'] as const) {
      for (const norm of ['fro', 'nuclear', 'l1', 'max'] as const)
        expectRounded(q.finalOthers[norm], rhoAt20000[run][norm], 3, `${run} ρ_${norm}`);
      expect(Math.abs(rhoAt20000[run].spectral - q.spectralFinal), run).toBeLessThanOrEqual(
        q.spectralFinalTolerance + 1e-12,
      );
      expectRounded(q.spectralAt1000, rhoAt1000[run].spectral, 2, `${run} ρ_spectral at 10³`);
    }
  });

  it("are the CLI's readings of Adam's ε and of momentum, rounded", () => {
    const { eps0, eps8 } = CLAIMS['adam-eps'];
    const measured = READINGS['adam-eps'];
    expectRounded(eps0.maxAt10000, measured.at10000.both.max, 3, 'ρ_max at 10⁴');
    expectRounded(eps8.distanceAt10000, measured.at10000.both.distance, 3, 'distance at 10⁴');
    expectRounded(eps0.maxFinal, measured.at300000.eps0.max, 3, 'ε = 0 ρ_max');
    expectRounded(eps0.froFinal, measured.at300000.eps0.fro, 3, 'ε = 0 ρ_fro');
    expectRounded(eps8.froFinal, measured.at300000.eps8.fro, 3, 'ε = 1e-8 ρ_fro');
    expectRounded(eps8.distanceFinal, measured.at300000.eps8.distance, 3, 'ε = 1e-8 distance');
    const momentum = { ...CLAIMS['momentum-fro'], measured: READINGS['momentum-fro'] };
    expectRounded(momentum.momentumAt10000.fro, momentum.measured.momentumFroAt10000, 3, 'momentum ρ_fro');
    expectRounded(momentum.gdAt100000.fro, momentum.measured.gdFroAt100000, 3, 'GD ρ_fro');
    expectRounded(
      momentum.momentumAt10000.distance,
      momentum.measured.momentumDistanceAt['10000'],
      2,
      'momentum distance',
    );
    expectRounded(momentum.gdAt100000.distance, momentum.measured.gdDistanceAt['100000'], 2, 'GD distance');
  });

  it("are the CLI's readings of weight decay (runs λ = 0, 1e-4, 1e-3, 1e-2), and say what those show", () => {
    const claims = CLAIMS['weight-decay'];
    const { normRatioAt, distanceAt } = READINGS['weight-decay'];
    expect(claims.lambda1e2NormAt10000).toBe(normRatioAt['10000'][3]);
    expect(claims.lambda1e2NormAt100000).toBe(normRatioAt['100000'][3]);
    expect(claims.noDecayNormAt100000).toBe(normRatioAt['100000'][0]);
    const { lambda0, lambda1e4, lambda1e3, lambda1e2 } = claims.distanceAt100000;
    expect([lambda0, lambda1e4, lambda1e3, lambda1e2]).toEqual(distanceAt['100000']);
    // "stops": λ = 1e-2 moves by under 1e-3 from 10⁴ to 10⁵ while λ = 0 doubles; the distance falls with λ
    expect(Math.abs(claims.lambda1e2NormAt100000 - claims.lambda1e2NormAt10000)).toBeLessThan(1e-3);
    expect(claims.noDecayNormAt100000 / normRatioAt['10000'][0]).toBeGreaterThan(2);
    expect(lambda1e2 > lambda1e3 && lambda1e3 > lambda1e4 && lambda1e4 > lambda0).toBe(true);
  });

  it("are the CLI's readings of Figures 1 and A, and the sentence rounds the reading once (0.2747 → 0.27, not 0.28)", () => {
    for (const [id, digits] of [
      ['figure1', 3],
      ['figureA', 4],
    ] as const) {
      const quoted: Record<string, number> = CLAIMS[id].distanceAt;
      const measured: Record<string, number> = READINGS[id].distanceAt;
      expect(Object.keys(quoted)).toEqual(Object.keys(measured));
      for (const t of Object.keys(quoted)) {
        expectRounded(quoted[t], measured[t], digits, `${id} distance at t = ${t}`);
        // the sentence shows two decimals of the reading itself
        expect(claimOf(id)).toContain(measured[t].toFixed(2));
      }
    }
  });
});

/** The numbers of an object, recursively (claims.json's entry for one preset, or its experiment). */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/**
 * Numbers a sentence may hold that are not measured: constants of its formulas (1/ln t, 2/β, 1 − β, tend
 * to 1), defaults it names (β = 0.9 of momentum and Muon, Adam's β₂ = 0.999) and ε = 0. Its experiment's
 * settings (η, β₂, ε, the seed count) are allowed too, as are times (10⁴, 2·10⁴), arXiv ids and years.
 */
const CONSTANTS: Record<string, readonly number[]> = {
  figure1: [1],
  figureA: [],
  figureB: [1],
  'et-vs-nonet': [1],
  'gd-vs-ngd': [1],
  'norms-race': [1, 0.999],
  'muon-spectral': [0.9],
  'adam-eps': [0],
  'momentum-fro': [0.9, 1, 10],
  'weight-decay': [1, 2],
  'phase-diagram': [2],
};

/** The sentence's numbers that are neither a claim (rounded once to the digits shown) nor allowed above. */
function unexplainedNumbers(
  sentence: string,
  claims: unknown,
  experiment: Experiment,
  allowed: readonly number[],
): string[] {
  const quoted = numbersIn(claims);
  const settings = new Set([...numbersIn(experiment), experiment.seeds.length, ...allowed]);
  const text = sentence
    .replace(/arXiv \d{4}\.\d{4,5}/g, '')
    .replace(/\b(19|20)\d\d\b/g, '')
    .replace(/(Theorem|Figure|Appendix) [\dA-Z.]+/g, '')
    .replace(/(\d·)?10[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, '') // times
    .replace(/ρ_[a-z0-9]+|[‖W‖]_[a-z]/g, '') // names such as ρ_l1
    .replace(/(\d)–(\d+(?:\.\d+)?)e(-?\d+)/g, '$1e$3 $2e$3'); // 6–8e-7: two numbers
  const tokens = text.match(/\d+(?:\.\d+)?(?:e-?\d+)?/g) ?? [];
  return tokens.filter((token) => {
    const value = Number(token);
    if (settings.has(value)) return false;
    const [mantissa] = token.split('e');
    const decimals = mantissa.includes('.') ? mantissa.split('.')[1].length : 0;
    const significant = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length || 1;
    const fixedMatch = !token.includes('e') && quoted.some((c) => Number(c.toFixed(decimals)) === value);
    const precisionMatch = quoted.some((c) => Number(c.toPrecision(significant)) === value);
    return !(fixedMatch || precisionMatch);
  });
}

describe('every number in a preset sentence', () => {
  const claimsOf = (id: string): unknown => (CLAIMS as Record<string, unknown>)[id];
  it.each(PRESETS.map((p) => [p.id, p] as const))('of %s comes from claims.json or is a setting', (id, preset) => {
    expect(unexplainedNumbers(preset.claim, claimsOf(id), preset.experiment, CONSTANTS[id])).toEqual([]);
  });

  it('is held: a literal number, or a claim rounded twice, is caught', () => {
    const figureA = findPreset('figureA')!;
    const check = (sentence: string) => unexplainedNumbers(sentence, claimsOf('figureA'), figureA.experiment, []);
    expect(check('the distance is 0.98, 0.27 and 0.11 at t = 10², 10³ and 10⁵')).toEqual([]);
    expect(check('the distance is 0.98, 0.28 and 0.11')).toEqual(['0.28']); // 0.275 rounded again
    expect(check('about 0.7 of the way')).toEqual(['0.7']); // no claim or setting of Figure A is 0.7
  });

  it('holds no markup: the preset bar shows the sentence as plain text', () => {
    for (const p of PRESETS) expect(p.claim, p.id).not.toMatch(/[{}]|\^|_\{/);
  });
});
