// JSON.parse reads a number literal float64 cannot hold as Infinity (1e309) or as 0 (1e-400), and the
// literal is lost: a data file would say "null is not a finite number", or silently hold a 0 the file
// does not have. These helpers find such literals in the text so that the importer can name them.
import { UNDERFLOW, underflowsToZero } from '../experiment/param-values.ts';
import { excerpt } from '../experiment/user-text.ts';
import { LabError } from '../types.ts';

export const OVERFLOW = 'overflows: float64 has no finite number above about 1.8e308';

/** Thrown where JSON.parse gave Infinity (JSON has no such literal): the importer reads the file again with its literals marked. */
export class OverflowedLiteral extends LabError {}

/** U+0000 starts no number; the marked string keeps the literal after it. */
const LITERAL_MARK = '\u0000float64 literal:';
/** A JSON string (skipped, so that "1e-400" in a name is left alone; unrolled, so megabyte strings do not exhaust the regex stack) or a number. */
const JSON_STRING_OR_NUMBER = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/**
 * Leading zeros of a fraction that make an underflow possible without a three-digit exponent:
 * 0.(Z zeros)d·10^−E is at least 10^−(Z+1+E), below 2.5e-324 only when Z + E ≥ 323, so Z ≥ 24 when E ≤ 299.
 */
const UNDERFLOW_ZEROS = `.${'0'.repeat(24)}`;
const ZERO = 48;
const THREE = 51;
const NINE = 57;

/**
 * Whether the text may hold a literal that underflows to 0: an exponent of −300 or below, or a
 * fraction with 24 leading zeros. A plain scan (string search, no regular expression), about a tenth
 * of the time JSON.parse takes, so that large files stay fast.
 */
export function mayUnderflow(text: string): boolean {
  if (text.includes(UNDERFLOW_ZEROS)) return true;
  for (const marker of ['e-', 'E-']) {
    for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 2)) {
      let i = at + 2;
      while (text.charCodeAt(i) === ZERO) i++;
      let digits = 0;
      while (text.charCodeAt(i + digits) >= ZERO && text.charCodeAt(i + digits) <= NINE) digits++;
      if (digits > 3 || (digits === 3 && text.charCodeAt(i) >= THREE)) return true;
    }
  }
  return false;
}

/** The JSON text with every literal float64 cannot hold turned into a marked string (a slow pass: only for texts that need it). */
export function markExtremeLiterals(body: string): string {
  return body.replace(JSON_STRING_OR_NUMBER, (token) => {
    if (token.startsWith('"')) return token;
    const value = Number(token);
    return Number.isFinite(value) && !underflowsToZero(token, value) ? token : JSON.stringify(LITERAL_MARK + token);
  });
}

/** "1e309 overflows: …" for a marked literal, else undefined. */
export function literalProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith(LITERAL_MARK)) return undefined;
  const literal = value.slice(LITERAL_MARK.length);
  return `${excerpt(literal)} ${Number.isFinite(Number(literal)) ? UNDERFLOW : OVERFLOW}`;
}

/** Refuses an Infinity from JSON.parse (an overflowing literal), for the importer to read the file again. */
export function refuseOverflow(value: unknown, where: string): void {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new OverflowedLiteral(`${where}: a number ${OVERFLOW}`, where);
}
