// The text a user sees for a failure.
import { LabError } from '../core/types.ts';

/** The message a user sees: a LabError's text, otherwise a short description without a stack. */
export function userMessage(e: unknown): string {
  if (e instanceof LabError) return e.message;
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}
