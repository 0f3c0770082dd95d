// A GPU error that no error scope catches must reach the page's reporter (and so its banner), and
// the fallback flag is read from GPUAdapterInfo before the deprecated GPUAdapter field.
import { describe, expect, it } from 'vitest';
import { describeUncapturedError, isFallbackAdapter, watchUncapturedErrors } from '../../../src/gpu/device.ts';

// Node has no WebGPU classes: stand-ins with the browser's class names, which is what the
// description reads.
class GPUValidationError {
  constructor(readonly message: string) {}
}
class GPUOutOfMemoryError {
  constructor(readonly message: string) {}
}

/** An uncapturederror event as the browser dispatches it: an Event carrying `error`. */
function uncaptured(error: object): Event {
  return Object.assign(new Event('uncapturederror'), { error });
}

/** A device that is only an event target, the part of GPUDevice the watcher uses. */
const fakeDevice = () => new EventTarget() as unknown as GPUDevice;

describe('watchUncapturedErrors', () => {
  it('passes a validation error with its message to the reporter', () => {
    const device = fakeDevice();
    const reports: string[] = [];
    watchUncapturedErrors(device, (text) => reports.push(text));
    device.dispatchEvent(uncaptured(new GPUValidationError("Binding size (64) of [Buffer 'W'] is smaller than 128")));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('a validation error');
    expect(reports[0]).toContain("Binding size (64) of [Buffer 'W'] is smaller than 128");
    expect(reports[0]).toContain('the run was stopped');
  });

  it('names an out-of-memory error as such, and stops reporting once unwatched', () => {
    const device = fakeDevice();
    const reports: string[] = [];
    const stop = watchUncapturedErrors(device, (text) => reports.push(text));
    device.dispatchEvent(uncaptured(new GPUOutOfMemoryError('Allocation of 4294967296 bytes failed')));
    stop();
    device.dispatchEvent(uncaptured(new GPUValidationError('after stop')));
    expect(reports).toEqual([
      expect.stringContaining('an out-of-memory error during this run (Allocation of 4294967296 bytes failed)'),
    ]);
  });

  it('does not pass other events of the device to the reporter', () => {
    const device = fakeDevice();
    const reports: string[] = [];
    watchUncapturedErrors(device, (text) => reports.push(text));
    device.dispatchEvent(new Event('lost'));
    expect(reports).toEqual([]);
  });

  it('says "an error" and "no message" for an error it does not know', () => {
    expect(describeUncapturedError({ message: '  ' })).toMatch(
      /^the GPU reported an error during this run \(no message\)/,
    );
  });
});

describe('isFallbackAdapter', () => {
  const adapter = (info: object | undefined, deprecated?: boolean) =>
    ({ info, isFallbackAdapter: deprecated }) as unknown as GPUAdapter;

  it('reads GPUAdapterInfo.isFallbackAdapter first, over the deprecated adapter flag', () => {
    expect(isFallbackAdapter(adapter({ vendor: 'google', isFallbackAdapter: true }, false))).toBe(true);
    expect(isFallbackAdapter(adapter({ vendor: 'nvidia', isFallbackAdapter: false }, true))).toBe(false);
  });

  it('falls back to the deprecated flag where the info lacks it', () => {
    expect(isFallbackAdapter(adapter({ vendor: 'google' }, true))).toBe(true);
    expect(isFallbackAdapter(adapter(undefined, true))).toBe(true);
    expect(isFallbackAdapter(adapter({ vendor: 'nvidia' }))).toBe(false);
  });
});
