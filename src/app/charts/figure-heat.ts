// The optimizer × norm heat map of ρ_p in the exported figure: the page's table (rows: runs, columns:
// norms) as SVG cells, each with its number printed, the predicted norm outlined. Pure: text in, text out.

/** What the figure draws of the page's heat map (components/charts/norm-heat-map.ts's view). */
export interface FigureHeat {
  readonly norms: readonly string[];
  /** t of the values (the latest checkpoint) */
  readonly t: number;
  readonly rows: readonly {
    readonly label: string;
    readonly cells: readonly {
      readonly value: number | null;
      readonly level: number | null;
      readonly predicted: boolean;
    }[];
  }[];
}

/** At most this many rows are drawn; the rest are counted in a line under the table. */
export const MAX_HEAT_ROWS = 24;
const ROW_H = 18;
const LABEL_W = 260;
const CELL_W = 70;
const HEAD_H = 40;

/** Light (0) to dark blue (1), with text that stays readable on it. */
function cellColours(level: number): { fill: string; text: string } {
  const lightness = 96 - 60 * level;
  return { fill: `hsl(212 70% ${lightness.toFixed(1)}%)`, text: lightness < 60 ? '#ffffff' : '#111111' };
}

function cell(value: number | null, level: number | null, predicted: boolean, x: number, y: number): string {
  const { fill, text } = level === null ? { fill: '#f2f2f2', text: '#555555' } : cellColours(level);
  const outline = predicted ? ' stroke="#d62728" stroke-width="2"' : '';
  return [
    `<rect x="${x + 1}" y="${y + 1}" width="${CELL_W - 2}" height="${ROW_H - 2}" fill="${fill}"${outline}/>`,
    `<text x="${x + CELL_W / 2}" y="${y + 13}" font-size="10" text-anchor="middle" fill="${text}">${value === null ? 'n/a' : value.toFixed(3)}</text>`,
  ].join('\n');
}

/** The heat map as SVG at (x, y), and the height it takes. */
export function heatSvg(heat: FigureHeat, x: number, y: number, width: number): { svg: string; height: number } {
  const rows = heat.rows.slice(0, MAX_HEAT_ROWS);
  const labelW = Math.min(LABEL_W, Math.max(120, width - heat.norms.length * CELL_W));
  const out = [
    `<g class="heat-map">`,
    `<text x="${x + 8}" y="${y + 16}" font-size="12" font-weight="bold" fill="#111">${esc(`ρ_p at t = ${heat.t.toLocaleString('en-US')}: which max-margin solution each run approaches (outlined: the predicted norm)`)}</text>`,
    ...heat.norms.map(
      (n, j) =>
        `<text x="${x + labelW + j * CELL_W + CELL_W / 2}" y="${y + HEAD_H - 6}" font-size="11" font-weight="bold" text-anchor="middle" fill="#222">${esc(n)}</text>`,
    ),
  ];
  rows.forEach((row, i) => {
    const ry = y + HEAD_H + i * ROW_H;
    out.push(`<text x="${x + 8}" y="${ry + 13}" font-size="10" fill="#222">${esc(fit(row.label, labelW - 12))}</text>`);
    row.cells.forEach((c, j) => out.push(cell(c.value, c.level, c.predicted, x + labelW + j * CELL_W, ry)));
  });
  let height = HEAD_H + rows.length * ROW_H + 10;
  if (heat.rows.length > rows.length) {
    out.push(
      `<text x="${x + 8}" y="${y + height + 4}" font-size="10" fill="#555">… and ${heat.rows.length - rows.length} more runs (in the CSV and JSON exports)</text>`,
    );
    height += 16;
  }
  out.push('</g>');
  return { svg: out.join('\n'), height };
}

/** A label cut to about `width` SVG units of 10-px text, with "…" where it was cut. */
function fit(label: string, width: number): string {
  const chars = Math.floor(width / 5.8);
  const all = [...label];
  return all.length <= chars ? label : `${all.slice(0, chars - 1).join('')}…`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
