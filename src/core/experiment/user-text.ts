// Text shown to people: user input echoed in a message must not carry raw control characters (a
// terminal would act on ESC sequences, a carriage return would overwrite the line).

/** C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder what is shown. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Every control character written as an escape: \n, \r, \t, \x1b, \u202e. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return (
      NAMED[c] ??
      (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`)
    );
  });
}

/** The longest piece of user text a message quotes: a 131 KB value must not become a 131 KB error line. */
export const EXCERPT_CHARS = 80;

/** User text as a message quotes it: whole when short, else its first characters and "…". */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // never cut a surrogate pair in half
  if (/[\ud800-\udbff]/.test(text[end - 1])) end--;
  return `${text.slice(0, end)}…`;
}
