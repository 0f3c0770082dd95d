import { html, type TemplateResult } from 'lit';

/**
 * Text with light math markup rendered as HTML: `e^{−u_j}` → e<sup>−u<sub>j</sub></sup>. Superscripts
 * and subscripts take a braced group `^{…}` / `_{…}` or a single character `^2` / `_j`; they may nest.
 * Everything else is plain text (Lit escapes it), so captions never show the raw markup.
 */
export function mathText(text: string): TemplateResult {
  return html`${parse(text, 0, false).parts}`;
}

type Part = string | TemplateResult;

function parse(text: string, start: number, inGroup: boolean): { parts: Part[]; end: number } {
  const parts: Part[] = [];
  let plain = '';
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (inGroup && c === '}') return { parts: [...parts, plain], end: i + 1 };
    if ((c === '^' || c === '_') && i + 1 < text.length) {
      let inner: Part[];
      if (text[i + 1] === '{') {
        const group = parse(text, i + 2, true);
        inner = group.parts;
        i = group.end;
      } else {
        const ch = String.fromCodePoint(text.codePointAt(i + 1)!);
        inner = [ch];
        i += 1 + ch.length;
      }
      parts.push(plain, c === '^' ? html`<sup>${inner}</sup>` : html`<sub>${inner}</sub>`);
      plain = '';
      continue;
    }
    plain += c;
    i++;
  }
  return { parts: [...parts, plain], end: i };
}
