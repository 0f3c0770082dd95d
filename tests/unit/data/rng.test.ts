import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../../../src/core/data/numpy-rng.ts';
import { LabError } from '../../../src/core/types.ts';

// Reference values printed by python numpy (np.random.RandomState(seed)).
describe('NumpyRandomState', () => {
  it("gives the reference MT19937 32-bit outputs (seed 5489 is the MT authors' default)", () => {
    expect(new NumpyRandomState(5489).genrandInt32()).toBe(3499211612);
    expect(new NumpyRandomState(0).genrandInt32()).toBe(2357136044);
  });

  it('matches numpy randn for seeds 0 and 42', () => {
    const r0 = new NumpyRandomState(0);
    expect([r0.randn(), r0.randn(), r0.randn()]).toEqual([1.764052345967664, 0.4001572083672233, 0.9787379841057392]);
    const r42 = new NumpyRandomState(42);
    expect(Array.from(r42.randnArray(3))).toEqual([0.4967141530112327, -0.13826430117118466, 0.6476885381006925]);
  });

  it('matches numpy random_sample for seed 0', () => {
    const r = new NumpyRandomState(0);
    expect([r.randomSample(), r.randomSample(), r.randomSample()]).toEqual([
      0.5488135039273248, 0.7151893663724195, 0.6027633760716439,
    ]);
  });

  it('matches numpy far into the stream (past the first re-twist) and at extreme seeds', () => {
    const a = new NumpyRandomState(7).randnArray(1000);
    expect(a[998]).toBe(-0.6285217021012837);
    expect(a[999]).toBe(-0.6774392378782009);
    expect(Array.from(new NumpyRandomState(2 ** 32 - 1).randnArray(3))).toEqual([
      0.6484086742306527, 0.6693235306338161, -1.0805437227474493,
    ]);
    expect(Array.from(new NumpyRandomState(123456789).randnArray(5))).toEqual([
      2.2129019979039612, 2.128397797652002, 1.8417114045748335, 0.08238247951406152, 0.858963679564603,
    ]);
  });

  it('refuses seeds numpy refuses', () => {
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) {
      expect(() => new NumpyRandomState(bad)).toThrow(LabError);
    }
  });
});
