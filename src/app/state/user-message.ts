// The text a user sees for a failure.
import { LabError } from '../../core/types.ts';

/**
 * A field's message, shown beside the field: without the field's own name in front (the label says it,
 * and the table's internal name, such as lrs for η, means nothing there), and saying it was not applied.
 */
export function fieldMessage(message: string, names: readonly string[]): string {
  let text = message;
  for (const name of names) if (text.startsWith(`${name}: `)) text = text.slice(name.length + 2);
  // a clamp made by the experiment as a whole ("…; using N=200") is not made here: nothing is applied
  text = text.replace(/; (using|keeping) [^;]*$/, '');
  return `${text} (not applied)`;
}

/** The message a user sees: a LabError's text, otherwise a short description without a stack. */
export function userMessage(e: unknown): string {
  if (e instanceof LabError) return e.message;
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}

/**
 * A sweep's one banner for its diverged runs: "so far" while it runs; once the run is done the final
 * count, with no "so far" (issue 21).
 */
export function divergedRunsText(diverged: number, total: number, first: string, finished: boolean): string {
  const count = `${diverged.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} runs diverged`;
  return `${count}${finished ? '' : ' so far'} (colour the sweep map by "diverged" to see which); the first, ${first}`;
}
