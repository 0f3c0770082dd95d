// User data files (CSV or JSON) turned into a Dataset. Every problem is reported as a LabError
// naming the row and column as a spreadsheet shows them (1-based, header row included).
import Papa from 'papaparse';
import { LIMITS } from '../sizes/size-limits.ts';
import { UNDERFLOW, underflowsToZero } from '../experiment/param-values.ts';
import { excerpt } from '../experiment/user-text.ts';
import { LabError, type Dataset } from '../types.ts';
import {
  literalProblem,
  markExtremeLiterals,
  mayUnderflow,
  OVERFLOW,
  OverflowedLiteral,
  refuseOverflow,
} from './number-literals.ts';

export type ImportedDataset = Dataset & { readonly labelNames: string[] };

/**
 * The largest data file read, in bytes: the limits table's fileBytes (256 MiB), about 10 million values
 * written at full precision, well below the longest string JavaScript engines hold. Readers check it
 * before reading.
 */
export const MAX_DATA_FILE_BYTES = LIMITS.fileBytes;

const DECIMAL_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** A number written with a decimal comma (1,5), as spreadsheets in many locales save it. */
const DECIMAL_COMMA = /^[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?$/;
/** A comma-split cell that begins "digits;": the tail of a decimal comma and the next ;-separated value (`5;0` of 1,5;0). */
const SEMICOLON_TAIL = /^\s*[+-]?\d+\s*;/;

/** Dispatches on the extension (.json, .csv/.tsv/.txt) and otherwise on the first character. */
export function parseDatasetFile(fileName: string, text: string): ImportedDataset {
  const ext = fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (ext === 'json') return parseDatasetJson(text);
  if (ext === 'csv' || ext === 'tsv' || ext === 'txt') return parseDatasetCsv(text);
  return stripBom(text).trimStart().startsWith('{') ? parseDatasetJson(text) : parseDatasetCsv(text);
}

/**
 * CSV with the label in the LAST column. Row 1 is a header only when it looks like one: every cell a
 * name (starts with a letter or _, and is not a number word such as NaN or inf: `x1,x2,class`), or
 * numbered feature columns whose label cell is a name over data whose labels are all numbers
 * (`0,1,y`). Anything else in row 1 is data, checked like every other row, so a bad value there
 * (`1,NaN,0`, `1,,0`, `0x10,0,0`, `1,2,`) is reported rather than dropped as a header.
 * Labels that are all whole numbers are classes by numeric value (`1` and `1.0` are one class, named
 * by the shortest form of the number); labels that are exactly the integers 0..K−1 are used as given;
 * a fraction (`0.5`) or numbers mixed with names (`0, 1, cat`) are refused, naming the first such row;
 * any other labels are names, mapped to 0..K−1 in sorted order (numeric order when all are numbers,
 * else code-unit order), so the mapping does not depend on the order of the rows. labelNames[k] is
 * the name of class k.
 */
export function parseDatasetCsv(text: string): ImportedDataset {
  const body = oneLineEnding(stripBom(text));
  if (body.trim() === '')
    throw new LabError('the file is empty; expected rows of numbers with the label in the last column', 'file');
  const parsed = Papa.parse<string[]>(body, { delimiter: guessDelimiter(body), skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  if (quoteError) {
    throw new LabError(
      `row ${(quoteError.row ?? 0) + 1}: ${quoteError.message}; close the quote or remove it`,
      `row ${(quoteError.row ?? 0) + 1}`,
    );
  }
  // keep the spreadsheet row number of every record; blank lines are skipped, not renumbered
  const records = parsed.data
    .map((cells, index) => ({ cells, row: index + 1 }))
    .filter(({ cells }) => !(cells.length === 1 && cells[0].trim() === ''));
  if (records.length === 0) throw new LabError('the file has no rows', 'file');
  if (parsed.meta.delimiter === ',') checkNotSemicolonSeparated(records);
  const hasHeader = looksLikeHeader(records.map((r) => r.cells));
  const width = records[0].cells.length;
  if (width < 2) {
    throw new LabError(
      `row ${records[0].row} has ${width} column; expected at least one feature column and the label in the last column`,
      `row ${records[0].row}`,
    );
  }
  const rows = hasHeader ? records.slice(1) : records;
  const d = width - 1;
  checkSize(rows.length, d);
  const X = new Float64Array(rows.length * d);
  const rawLabels: string[] = [];
  rows.forEach(({ cells, row }, i) => {
    if (cells.length !== width) {
      const column = Math.min(cells.length, width) + 1;
      const what =
        cells.length < width
          ? `missing value (${cells.length} columns, expected ${width})`
          : `extra value (${cells.length} columns, expected ${width})`;
      throw new LabError(`row ${row}, column ${column}: ${what}`, `row ${row}, column ${column}`);
    }
    for (let j = 0; j < d; j++) X[i * d + j] = parseNumber(cells[j], row, j + 1);
    const label = cells[d].trim();
    if (label === '')
      throw new LabError(`row ${row}, column ${width}: the label is empty`, `row ${row}, column ${width}`);
    rawLabels.push(label);
  });
  const { y, labelNames } = mapLabels(
    rawLabels,
    rows.map((r) => r.row),
    width,
  );
  return { n: rows.length, d, k: labelNames.length, X, y, labelNames };
}

/** `{"X": [[…], …], "y": […], "K"?: K}`; labels are integers in 0..K−1 (K defaults to max label + 1). */
export function parseDatasetJson(text: string): ImportedDataset {
  const body = stripBom(text);
  if (body.trim() === '') throw new LabError('the file is empty; expected {"X": [[...], ...], "y": [...]}', 'file');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    throw new LabError(
      `not valid JSON (${excerpt((err as Error).message, 160)}); expected {"X": [[...], ...], "y": [...]}`,
      'file',
    );
  }
  // a literal that underflowed reads as 0, like a true 0: a text that may hold one is read with its literals marked
  if (mayUnderflow(body)) return datasetFromJson(JSON.parse(markExtremeLiterals(body)));
  try {
    return datasetFromJson(value);
  } catch (err) {
    // an Infinity is an overflowed literal: read again with the literals marked, to quote it
    if (err instanceof OverflowedLiteral) return datasetFromJson(JSON.parse(markExtremeLiterals(body)));
    throw err;
  }
}

/** The parsed `{"X", "y", "K"?}` object as a dataset; literals float64 cannot hold may be marked (number-literals.ts). */
function datasetFromJson(value: unknown): ImportedDataset {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LabError('expected a JSON object {"X": [[...], ...], "y": [...]}', 'file');
  }
  const { X: rawX, y: rawY, K: rawK } = value as Record<string, unknown>;
  if (!Array.isArray(rawX) || rawX.length === 0)
    throw new LabError('"X" must be a non-empty array of rows, e.g. "X": [[0.5, 1.2], [-1, 0.3]]', 'X');
  if (!Array.isArray(rawY)) throw new LabError('"y" must be an array of integer labels, one per row of X', 'y');
  const first = rawX[0];
  if (!Array.isArray(first) || first.length === 0)
    throw new LabError('row 1: each row of "X" must be a non-empty array of numbers', 'row 1');
  const n = rawX.length;
  const d = first.length;
  checkSize(n, d);
  if (rawY.length !== n)
    throw new LabError(`"y" has ${rawY.length} labels but "X" has ${n} rows; give one label per row`, 'y');
  const X = new Float64Array(n * d);
  rawX.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) throw new LabError(`row ${i + 1}: expected an array of ${d} numbers`, `row ${i + 1}`);
    if (row.length !== d) {
      const column = Math.min(row.length, d) + 1;
      throw new LabError(
        `row ${i + 1}, column ${column}: row has ${row.length} values, expected ${d} (like row 1)`,
        `row ${i + 1}, column ${column}`,
      );
    }
    row.forEach((cell: unknown, j) => {
      refuseOverflow(cell, `row ${i + 1}, column ${j + 1}`);
      if (typeof cell !== 'number' || !Number.isFinite(cell)) {
        const problem = literalProblem(cell);
        const what = problem ? `${problem}; rescale the column` : `${jsonText(cell)} is not a finite number`;
        throw new LabError(`row ${i + 1}, column ${j + 1}: ${what}`, `row ${i + 1}, column ${j + 1}`);
      }
      X[i * d + j] = cell;
    });
  });
  let k: number;
  if (rawK === undefined) {
    k = 0;
  } else if (typeof rawK === 'number' && Number.isInteger(rawK) && rawK >= LIMITS.k.min && rawK <= LIMITS.k.max) {
    k = rawK;
  } else {
    refuseOverflow(rawK, 'K');
    const problem = literalProblem(rawK);
    const range = `an integer from ${LIMITS.k.min} to ${LIMITS.k.max}`;
    throw new LabError(
      problem ? `"K": ${problem}; it must be ${range}` : `"K" must be ${range}, got ${jsonText(rawK)}`,
      'K',
    );
  }
  const y = new Int32Array(n);
  const labelCeiling = rawK === undefined ? LIMITS.k.max : k;
  rawY.forEach((label: unknown, i) => {
    refuseOverflow(label, `row ${i + 1}`);
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= labelCeiling) {
      const problem = literalProblem(label);
      const range = `an integer from 0 to ${labelCeiling - 1}`;
      throw new LabError(
        problem
          ? `row ${i + 1}: label ${problem}; it must be ${range}`
          : `row ${i + 1}: label ${jsonText(label)} must be ${range}`,
        `row ${i + 1}`,
      );
    }
    y[i] = label;
  });
  if (rawK === undefined) k = y.reduce((max, label) => Math.max(max, label), 0) + 1;
  checkTwoClasses(new Set(y).size);
  return { n, d, k, X, y, labelNames: Array.from({ length: k }, (_, c) => String(c)) };
}

/** A JSON value as a message quotes it, cut to an excerpt. */
function jsonText(value: unknown): string {
  return excerpt(JSON.stringify(value) ?? String(value));
}

const NUMBER_WORD = /^[+-]?(nan|inf|infinity)$/i;
/** A column name: starts with a letter or _, no control characters, and not a number word. */
const NAME = /^[\p{L}_][^\p{Cc}]*$/u;

function isName(cell: string | undefined): boolean {
  const text = cell?.trim() ?? '';
  return NAME.test(text) && !NUMBER_WORD.test(text);
}

function looksLikeHeader(rows: string[][]): boolean {
  const isNumber = (cell: string | undefined) => cell !== undefined && DECIMAL_NUMBER.test(cell.trim());
  const [first, ...rest] = rows;
  if (first.every(isName)) return true;
  // numbered feature columns (`0,1,y`): told from data only by a named label over numeric labels
  return (
    rest.length > 0 &&
    first.slice(0, -1).every(isNumber) &&
    isName(first[first.length - 1]) &&
    rest.every((cells) => isNumber(cells[cells.length - 1]))
  );
}

function parseNumber(cell: string, row: number, column: number): number {
  const trimmed = cell.trim();
  const where = `row ${row}, column ${column}`;
  if (trimmed === '') throw new LabError(`${where}: the cell is empty; every feature needs a number`, where);
  if (DECIMAL_COMMA.test(trimmed)) {
    throw new LabError(
      `${where}: "${excerpt(trimmed)}" has a decimal comma; write a decimal point (${excerpt(trimmed.replace(',', '.'))})`,
      where,
    );
  }
  const value = Number(trimmed);
  if (!DECIMAL_NUMBER.test(trimmed)) throw new LabError(`${where}: "${excerpt(trimmed)}" is not a number`, where);
  if (!Number.isFinite(value))
    throw new LabError(`${where}: "${excerpt(trimmed)}" ${OVERFLOW}; rescale the column`, where);
  if (underflowsToZero(trimmed, value))
    throw new LabError(`${where}: "${excerpt(trimmed)}" ${UNDERFLOW}; rescale the column, or write 0`, where);
  return value;
}

/**
 * The separator (, ; tab |), guessed with blank lines left out: the reader's own guess counts the empty
 * row after a final newline, so a file of two columns (`1.5;0`, `1<tab>0`) would read as one column.
 */
function guessDelimiter(body: string): string {
  return Papa.parse<string[]>(body, { preview: 10, skipEmptyLines: 'greedy' }).meta.delimiter;
}

/**
 * One line ending throughout: the CSV reader takes the first line's ending for the whole file, so a
 * file with both CRLF and LF lines (edited on two systems) would read "2,1\n3" as one cell.
 */
function oneLineEnding(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * A ;-separated file with decimal commas (1,5;0 for 1.5 and class 0, as spreadsheets in many locales
 * save CSV) splits at its commas into numbers and class names such as "5;0": a silently wrong data set.
 * Every row (but a possible header) having a cell that starts "digits;" is the sign; such files are refused.
 */
function checkNotSemicolonSeparated(records: { cells: string[]; row: number }[]): void {
  const hasTail = (cells: string[]) => cells.some((cell) => SEMICOLON_TAIL.test(cell));
  if (!(records.length > 1 ? records.slice(1) : records).every(({ cells }) => hasTail(cells))) return;
  const { cells, row } = records.find((record) => hasTail(record.cells))!;
  const line = excerpt(cells.join(','));
  throw new LabError(
    `row ${row}: "${line}" looks like values separated by ; with decimal commas; the lab reads decimal points: ` +
      `write "${excerpt(cells.join('.'))}" (in a spreadsheet, save as CSV with "." as the decimal separator)`,
    `row ${row}`,
  );
}

function mapLabels(raw: string[], rowNumbers: number[], labelColumn: number): { y: Int32Array; labelNames: string[] } {
  // numbers name a class by their value: 1, 1.0 and 1e0 are one class, written the shortest way ("1")
  const allNumeric = raw.every((label) => DECIMAL_NUMBER.test(label));
  refuseMixedLabels(raw, rowNumbers, labelColumn);
  const keys = allNumeric ? raw.map((label) => String(Number(label))) : raw;
  const huge = keys.indexOf('Infinity') >= 0 ? keys.indexOf('Infinity') : keys.indexOf('-Infinity');
  if (allNumeric && huge >= 0) {
    throw new LabError(
      `row ${rowNumbers[huge]}, column ${labelColumn}: the label "${excerpt(raw[huge])}" is too large to be a number; use class numbers such as 0, 1, 2 or names`,
      `row ${rowNumbers[huge]}, column ${labelColumn}`,
    );
  }
  // 1e-400 would silently join class 0
  const tiny = allNumeric ? raw.findIndex((label) => underflowsToZero(label, Number(label))) : -1;
  if (tiny >= 0) {
    throw new LabError(
      `row ${rowNumbers[tiny]}, column ${labelColumn}: the label "${excerpt(raw[tiny])}" ${UNDERFLOW}; use class numbers such as 0, 1, 2 or names`,
      `row ${rowNumbers[tiny]}, column ${labelColumn}`,
    );
  }
  const distinct = [...new Set(keys)];
  checkTwoClasses(distinct.length);
  if (distinct.length > LIMITS.k.max) {
    const row = rowNumbers[keys.indexOf(distinct[LIMITS.k.max])];
    throw new LabError(
      `row ${row}, column ${labelColumn}: more than ${LIMITS.k.max} distinct labels; the lab handles at most ${LIMITS.k.max} classes`,
      `row ${row}, column ${labelColumn}`,
    );
  }
  // labels that are exactly 0..K−1 sort onto themselves, so they are used as given
  const labelNames = sortLabels(distinct, allNumeric);
  const index = new Map(labelNames.map((name, c) => [name, c]));
  return { y: Int32Array.from(keys, (label) => index.get(label)!), labelNames };
}

const LABEL_KINDS = 'class numbers (0, 1, 2, …) in every row, or class names (cat, dog, …) in every row';

/**
 * A label column holds one kind of label: whole class numbers, or names. `0.5, 1, cat` would otherwise
 * be read as three named classes, and 0.5 is more likely a feature value in the wrong column, so the
 * first row that breaks the rule is named, with the fix.
 */
function refuseMixedLabels(raw: string[], rowNumbers: number[], labelColumn: number): void {
  const numeric = (label: string) => DECIMAL_NUMBER.test(label);
  const firstIsNumber = numeric(raw[0]);
  for (let i = 0; i < raw.length; i++) {
    const where = `row ${rowNumbers[i]}, column ${labelColumn}`;
    const label = `the label "${excerpt(raw[i])}"`;
    if (numeric(raw[i]) && !Number.isInteger(Number(raw[i])) && Number.isFinite(Number(raw[i])))
      throw new LabError(
        `${where}: ${label} is not a whole number; the label column (the last) holds ${LABEL_KINDS}`,
        where,
      );
    if (numeric(raw[i]) !== firstIsNumber) {
      const first = `row ${rowNumbers[0]}'s label "${excerpt(raw[0])}"`;
      const kinds = firstIsNumber ? `a name but ${first} is a number` : `a number but ${first} is a name`;
      throw new LabError(`${where}: ${label} is ${kinds}; the label column (the last) holds ${LABEL_KINDS}`, where);
    }
  }
}

function sortLabels(labels: string[], numeric: boolean): string[] {
  const sorted = [...labels];
  if (numeric) sorted.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  else sorted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted;
}

function checkSize(n: number, d: number): void {
  if (n < LIMITS.n.min)
    throw new LabError(`the file has ${n} data row${n === 1 ? '' : 's'}; at least ${LIMITS.n.min} are needed`, 'file');
  if (n > LIMITS.n.max)
    throw new LabError(`the file has ${n} data rows; the lab handles at most ${LIMITS.n.max}`, 'file');
  if (d > LIMITS.d.max)
    throw new LabError(`the file has ${d} feature columns; the lab handles at most ${LIMITS.d.max}`, 'file');
  if (n * d > LIMITS.cells)
    throw new LabError(
      `the file has ${n}×${d} = ${n * d} feature values; the lab handles at most ${LIMITS.cells}`,
      'file',
    );
}

function checkTwoClasses(classes: number): void {
  if (classes < 2)
    throw new LabError(
      `the labels name ${classes} class${classes === 1 ? '' : 'es'}; at least two classes are needed`,
      'labels',
    );
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
