// The empty charts' placeholder (issue 21): after a failed Play it names what failed and what to do,
// instead of still saying "press Play".
import { describe, expect, it } from 'vitest';
import { chartHint } from '../../../src/app/views.ts';

const idle = { runs: [], state: 'idle', blockedReason: '', messages: [] };
const XOR =
  'not linearly separable: no W gives every example a positive margin; the lab studies separable data: upload data whose classes a linear classifier without bias can tell apart';

describe('chartHint', () => {
  it('asks for Play before a run, and for the red fields while they block it', () => {
    expect(chartHint(idle)).toEqual({ text: 'press Play (Space) to run this experiment', error: false });
    // a touch screen has no Space key to name (issue 21)
    expect(chartHint(idle, true)).toEqual({ text: 'press Play to run this experiment', error: false });
    expect(chartHint({ ...idle, blockedReason: 'steps' })).toEqual({
      text: 'fix the fields in red, then press Play',
      error: false,
    });
  });

  it('after a failed Play names the field and the first clause of the last error, as an error', () => {
    const messages = [
      { level: 'warning' as const, field: 'lr', text: 'η above the bound' },
      { level: 'error' as const, field: 'data', text: XOR },
    ];
    expect(chartHint({ ...idle, state: 'error', messages })).toEqual({
      text: 'Play failed (data): not linearly separable: no W gives every example a positive margin. Nothing to draw: fix it as the red message at the top says, then press Play.',
      error: true,
    });
    // an error banner left from before is not a failed Play: the state says whether Play failed
    expect(chartHint({ ...idle, messages }).error).toBe(false);
  });

  it('cuts a long clause to 160 characters and says nothing once runs are drawn', () => {
    const long = { level: 'error' as const, text: 'x'.repeat(400) };
    const hint = chartHint({ ...idle, state: 'error', messages: [long] });
    expect(hint.text).toBe(
      `Play failed: ${'x'.repeat(159)}…. Nothing to draw: fix it as the red message at the top says, then press Play.`,
    );
    expect(chartHint({ ...idle, state: 'error', messages: [long], runs: [{}] })).toEqual({ text: '', error: false });
  });
});
