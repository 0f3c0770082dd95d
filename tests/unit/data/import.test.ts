import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDatasetCsv, parseDatasetFile, parseDatasetJson } from '../../../src/core/data/data-import.ts';
import { mayUnderflow } from '../../../src/core/data/number-literals.ts';
import { LabError } from '../../../src/core/types.ts';
import { errorOf } from '../helpers/lab-error.ts';

describe('parseDatasetCsv', () => {
  it('reads a headerless CSV with integer labels used as given', () => {
    const data = parseDatasetCsv('1,2,1\n-0.5,3e-1,0\n4,.5,2\n');
    expect([data.n, data.d, data.k]).toEqual([3, 2, 3]);
    expect(Array.from(data.X)).toEqual([1, 2, -0.5, 0.3, 4, 0.5]);
    expect(Array.from(data.y)).toEqual([1, 0, 2]);
    expect(data.labelNames).toEqual(['0', '1', '2']);
  });

  it('detects a header and maps string labels in sorted order, independent of row order', () => {
    const data = parseDatasetCsv(
      '\ufeffsepal,petal,species\r\n1,2,virginica\r\n3,4,setosa\r\n\r\n5,6,versicolor\r\n7,8,setosa\r\n',
    );
    expect([data.n, data.d, data.k]).toEqual([4, 2, 3]);
    expect(data.labelNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(data.y)).toEqual([2, 0, 1, 0]);
    expect(Array.from(data.X)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('detects a header of numbered feature columns by its label cell', () => {
    const data = parseDatasetCsv('0,1,y\n0.5,1,0\n2,3,1\n');
    expect([data.n, data.d, data.k]).toEqual([2, 2, 2]);
    expect(Array.from(data.X)).toEqual([0.5, 1, 2, 3]);
    // string labels throughout: the first row is data
    expect(parseDatasetCsv('0,1,cat\n2,3,dog\n').n).toBe(2);
  });

  it('maps numeric labels that are not 0..K−1 in numeric order', () => {
    const data = parseDatasetCsv('0,10\n1,2\n2,1\n3,2\n');
    expect(data.labelNames).toEqual(['1', '2', '10']);
    expect(Array.from(data.y)).toEqual([2, 1, 0, 1]);
  });

  it('reads tab-separated values and quoted cells', () => {
    const data = parseDatasetCsv('x\ty\tlabel\n1\t2\t"cat, black"\n3\t4\tdog\n');
    expect([data.n, data.d, data.k]).toEqual([2, 2, 2]);
    expect(data.labelNames).toEqual(['cat, black', 'dog']);
  });

  it('names row and column of a cell that is not a number (header row counts as row 1)', () => {
    const err = errorOf(() => parseDatasetCsv('a,b,c,label\n1,2,3,0\n1,2,abc,1\n'));
    expect(err.message).toBe('row 3, column 3: "abc" is not a number');
    expect(err.field).toBe('row 3, column 3');
    expect(errorOf(() => parseDatasetCsv('1,2,0\n1,Infinity,1\n')).message).toBe(
      'row 2, column 2: "Infinity" is not a number',
    );
    expect(errorOf(() => parseDatasetCsv('1,2,0\n0x10,1,1\n')).field).toBe('row 2, column 1');
    expect(errorOf(() => parseDatasetCsv('1,2,0\n1,,1\n')).message).toMatch(/^row 2, column 2: the cell is empty/);
  });

  it('names the row and column of a short or long row', () => {
    expect(errorOf(() => parseDatasetCsv('1,2,0\n1,1\n')).message).toBe(
      'row 2, column 3: missing value (2 columns, expected 3)',
    );
    expect(errorOf(() => parseDatasetCsv('1,2,0\n3,4,1\n1,2,3,1\n')).field).toBe('row 3, column 4');
  });

  it('refuses empty files, one class, an empty label, a lone column and an open quote', () => {
    expect(errorOf(() => parseDatasetCsv('  \n\n')).message).toMatch(/empty/);
    expect(errorOf(() => parseDatasetCsv('1,2,0\n3,4,0\n')).message).toMatch(/at least two classes/);
    expect(errorOf(() => parseDatasetCsv('1,2,0\n3,4, \n')).message).toBe('row 2, column 3: the label is empty');
    expect(errorOf(() => parseDatasetCsv('1\n2\n')).message).toMatch(/at least one feature column/);
    expect(errorOf(() => parseDatasetCsv('1,2,0\n3,4,"1\n')).field).toMatch(/^row /);
    expect(errorOf(() => parseDatasetCsv('x,label\n1,0\n')).message).toMatch(/1 data row; at least 2/);
  });

  it('refuses too many classes and too many features', () => {
    const rows = Array.from({ length: 101 }, (_, i) => `${i},c${i}`).join('\n');
    expect(errorOf(() => parseDatasetCsv(rows)).message).toMatch(/more than 100 distinct labels/);
    const wide = [Array(1001).fill('1').concat('0').join(','), Array(1001).fill('2').concat('1').join(',')].join('\n');
    expect(errorOf(() => parseDatasetCsv(wide)).message).toMatch(/1001 feature columns; the lab handles at most 1000/);
  });
});

describe('parseDatasetJson', () => {
  it('reads X, y and an explicit K', () => {
    const data = parseDatasetJson('{"X": [[1, 2], [3, -4.5], [0, 1]], "y": [0, 2, 0], "K": 4}');
    expect([data.n, data.d, data.k]).toEqual([3, 2, 4]);
    expect(Array.from(data.X)).toEqual([1, 2, 3, -4.5, 0, 1]);
    expect(Array.from(data.y)).toEqual([0, 2, 0]);
    expect(data.labelNames).toEqual(['0', '1', '2', '3']);
  });

  it('takes K = max label + 1 when K is absent', () => {
    expect(parseDatasetJson('{"X": [[1], [2]], "y": [1, 0]}').k).toBe(2);
  });

  it('names the row and column of bad values', () => {
    expect(errorOf(() => parseDatasetJson('{"X": [[1, 2], [3, "a"]], "y": [0, 1]}')).message).toBe(
      'row 2, column 2: "a" is not a finite number',
    );
    expect(errorOf(() => parseDatasetJson('{"X": [[1, 2], [3]], "y": [0, 1]}')).field).toBe('row 2, column 2');
    expect(errorOf(() => parseDatasetJson('{"X": [[1, 2], [3, 4]], "y": [0, 3], "K": 3}')).message).toBe(
      'row 2: label 3 must be an integer from 0 to 2',
    );
    expect(errorOf(() => parseDatasetJson('{"X": [[1, 2], [3, 4]], "y": [0, 1.5]}')).field).toBe('row 2');
  });

  it('refuses malformed documents', () => {
    expect(errorOf(() => parseDatasetJson('')).message).toMatch(/empty/);
    expect(errorOf(() => parseDatasetJson('{"X": [[1, 2]')).message).toMatch(/^not valid JSON/);
    expect(errorOf(() => parseDatasetJson('[1, 2]')).field).toBe('file');
    expect(errorOf(() => parseDatasetJson('{"X": [[1], [2]], "y": [0]}')).message).toMatch(
      /"y" has 1 labels but "X" has 2 rows/,
    );
    expect(errorOf(() => parseDatasetJson('{"X": [[1], [2]], "y": [1, 1]}')).message).toMatch(/at least two classes/);
    expect(errorOf(() => parseDatasetJson('{"X": [[1], [2]], "y": [0, 1], "K": 1}')).field).toBe('K');
  });

  it('refuses more rows than the lab handles before reading them', () => {
    const err = errorOf(() => parseDatasetJson(`{"X": [${Array(100_001).fill('[0]').join(',')}], "y": []}`));
    expect(err.message).toMatch(/100001 data rows; the lab handles at most 100000/);
  });
});

describe('parseDatasetFile', () => {
  it('dispatches on the extension and then on the content', () => {
    const json = '{"X": [[1], [2]], "y": [0, 1]}';
    expect(parseDatasetFile('points.JSON', json).n).toBe(2);
    expect(parseDatasetFile('points.csv', '1,0\n2,1\n').n).toBe(2);
    expect(parseDatasetFile('points', json).n).toBe(2);
    expect(parseDatasetFile('points.dat', '1,a\n2,b\n').labelNames).toEqual(['a', 'b']);
    expect(() => parseDatasetFile('points.csv', json)).toThrow(LabError);
  });
});

describe('large files', () => {
  it('reads a JSON file of 100000 rows (the upper limit) with K taken from the labels', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => `[${i % 7}, ${-i}]`).join(',');
    const labels = Array.from({ length: 100_000 }, (_, i) => i % 5).join(',');
    const data = parseDatasetJson(`{"X": [${rows}], "y": [${labels}]}`);
    expect([data.n, data.d, data.k]).toEqual([100_000, 2, 5]);
    expect([data.X[2 * 99_999], data.X[2 * 99_999 + 1], data.y[99_999]]).toEqual([99_999 % 7, -99_999, 99_999 % 5]);
  });
});

describe('the first CSV row (issue 11, item 4): data unless it looks like names', () => {
  it('reports a bad value in row 1 exactly as in row 2, instead of dropping the row as a header', () => {
    const cases: [string, string][] = [
      ['1,NaN,0', 'row 1, column 2'],
      ['1,,0', 'row 1, column 2'],
      ['1,inf,0', 'row 1, column 2'],
      ['0x10,0,0', 'row 1, column 1'],
      ['1,2,', 'row 1, column 3'],
      ['1,abc,0', 'row 1, column 2'],
    ];
    for (const [bad, field] of cases) {
      const inRow1 = errorOf(() => parseDatasetCsv(`${bad}\n1,2,0\n3,4,1\n`));
      const inRow2 = errorOf(() => parseDatasetCsv(`1,2,0\n${bad}\n3,4,1\n`));
      expect(inRow1.field, bad).toBe(field);
      expect(inRow1.message, bad).toBe(inRow2.message.replace('row 2', 'row 1'));
    }
  });

  it('still reads rows of names as a header, number words excepted', () => {
    expect(parseDatasetCsv('x1,x2,class\n1,2,0\n3,4,1\n').n).toBe(2);
    expect(parseDatasetCsv('sepal length (cm),_b,species\n1,2,a\n3,4,b\n').n).toBe(2);
    expect(errorOf(() => parseDatasetCsv('NaN,inf,0\n1,2,0\n3,4,1\n')).field).toBe('row 1, column 1');
  });
});

describe('numeric labels (issue 11, item 5)', () => {
  it('0, 1, 1.0 and 0.0 are two classes, not four', () => {
    const data = parseDatasetCsv('1,2,0\n3,4,1\n5,6,1.0\n7,8,0.0\n');
    expect(data.k).toBe(2);
    expect(data.labelNames).toEqual(['0', '1']);
    expect(Array.from(data.y)).toEqual([0, 1, 1, 0]);
    const mixed = parseDatasetCsv('1,2,2\n3,4,2e0\n5,6,-0\n7,8,0\n9,9,10.00\n');
    expect(mixed.labelNames).toEqual(['0', '2', '10']);
    expect(Array.from(mixed.y)).toEqual([1, 1, 0, 0, 2]);
  });

  it('refuses a numeric label too large to be a number', () => {
    expect(errorOf(() => parseDatasetCsv('1,2,0\n3,4,1e400\n')).field).toBe('row 2, column 3');
  });
});

describe('misreadings (issue 20, section 4)', () => {
  const UNDER = 'underflows: float64 has no nonzero number below about 5e-324, so it would be read as 0';
  const OVER = 'overflows: float64 has no finite number above about 1.8e308';

  it('refuses a ;-separated file with decimal commas instead of reading class names "5;0"', () => {
    const err = errorOf(() => parseDatasetCsv('1,5;0\n2,5;0\n-1,5;1\n-2,5;1\n'));
    expect(err.message).toBe(
      'row 1: "1,5;0" looks like values separated by ; with decimal commas; the lab reads decimal points: write "1.5;0" (in a spreadsheet, save as CSV with "." as the decimal separator)',
    );
    expect(err.field).toBe('row 1');
    // with a header of names, the reader takes ; as the separator: the decimal comma is named in its cell
    expect(errorOf(() => parseDatasetCsv('x;class\n1,5;0\n2,5;0\n-1,5;1\n')).message).toBe(
      'row 2, column 1: "1,5" has a decimal comma; write a decimal point (1.5)',
    );
    expect(errorOf(() => parseDatasetCsv('1,5;2,5;0\n2;3,5;1\n-1,5;-2;1\n')).message).toBe(
      'row 1, column 1: "1,5" has a decimal comma; write a decimal point (1.5)',
    );
  });

  it('reads ;- and tab-separated files of two columns, and comma files whose label names hold a ;', () => {
    for (const text of ['1.5;0\n2.5;0\n-1.5;1\n-2.5;1\n', '1.5\t0\n2.5\t0\n\n-1.5\t1\n-2.5\t1\n']) {
      const data = parseDatasetCsv(text);
      expect(Array.from(data.X), JSON.stringify(text)).toEqual([1.5, 2.5, -1.5, -2.5]);
      expect(Array.from(data.y), JSON.stringify(text)).toEqual([0, 0, 1, 1]);
    }
    const names = parseDatasetCsv('1,"cat;black"\n2,"dog;white"\n');
    expect(names.labelNames).toEqual(['cat;black', 'dog;white']);
  });

  it('reads a file with both CRLF and LF line endings (and old-Mac CR) as its rows', () => {
    for (const text of ['1,0\r\n2,1\n3,0\r\n4,1\n', '1,0\n2,1\r\n3,0\r4,1']) {
      const data = parseDatasetCsv(text);
      expect(Array.from(data.X), JSON.stringify(text)).toEqual([1, 2, 3, 4]);
      expect(Array.from(data.y), JSON.stringify(text)).toEqual([0, 1, 0, 1]);
    }
  });

  it('refuses a CSV cell or label that underflows to 0 or overflows, and keeps zeros and subnormals', () => {
    expect(errorOf(() => parseDatasetCsv('1,0\n1e-400,1\n2,0\n')).message).toBe(
      `row 2, column 1: "1e-400" ${UNDER}; rescale the column, or write 0`,
    );
    expect(errorOf(() => parseDatasetCsv('1,0\n-0.2e-323,1\n2,0\n')).field).toBe('row 2, column 1');
    expect(errorOf(() => parseDatasetCsv('1,0\n1e309,1\n2,0\n')).message).toBe(
      `row 2, column 1: "1e309" ${OVER}; rescale the column`,
    );
    expect(errorOf(() => parseDatasetCsv('1,0\n2,1e-400\n3,1\n')).message).toBe(
      `row 2, column 2: the label "1e-400" ${UNDER}; use class numbers such as 0, 1, 2 or names`,
    );
    const kept = parseDatasetCsv('0e-999,0\n0.000,1\n1e-310,0\n4.9e-324,1\n');
    expect(Array.from(kept.X)).toEqual([0, 0, 1e-310, 5e-324]);
  });

  it('says a JSON cell overflows or underflows, quoting the literal, instead of "null is not a finite number"', () => {
    const json = (cell: string) => `{"X": [[1], [${cell}], [2]], "y": [0, 1, 0]}`;
    expect(errorOf(() => parseDatasetJson(json('1e309'))).message).toBe(
      `row 2, column 1: 1e309 ${OVER}; rescale the column`,
    );
    expect(errorOf(() => parseDatasetJson(json('-1E+400'))).message).toBe(
      `row 2, column 1: -1E+400 ${OVER}; rescale the column`,
    );
    expect(errorOf(() => parseDatasetJson(json('1e-400'))).message).toBe(
      `row 2, column 1: 1e-400 ${UNDER}; rescale the column`,
    );
    const zeros = `0.${'0'.repeat(24)}1e-299`;
    expect(Number(zeros)).toBe(0);
    expect(errorOf(() => parseDatasetJson(json(zeros))).message).toBe(
      `row 2, column 1: ${zeros} ${UNDER}; rescale the column`,
    );
    expect(errorOf(() => parseDatasetJson('{"X": [[1], [2]], "y": [0, 1e-400]}')).message).toBe(
      `row 2: label 1e-400 ${UNDER}; it must be an integer from 0 to 99`,
    );
    expect(errorOf(() => parseDatasetJson('{"X": [[1], [2]], "y": [1e999, 1]}')).message).toBe(
      `row 1: label 1e999 ${OVER}; it must be an integer from 0 to 99`,
    );
    expect(errorOf(() => parseDatasetJson('{"X": [[1], [2]], "y": [0, 1], "K": 3e400}')).message).toBe(
      `"K": 3e400 ${OVER}; it must be an integer from 2 to 100`,
    );
  });

  it('reads tiny numbers that do not underflow exactly as JSON.parse does, and leaves literals in strings alone', () => {
    const text =
      '{"note": "1e-400 \\" 1e999", "X": [[1e-320, 0], [-2.5e-300, 0e-999], [0.000000000000000000000000001, 3]], "y": [0, 1, 0]}';
    const data = parseDatasetJson(text);
    expect(Array.from(data.X)).toEqual((JSON.parse(text).X as number[][]).flat());
    expect(data.X[0]).toBe(1e-320);
  });

  it('finds every literal that underflows to 0 with its quick scan (Number() as the reference)', () => {
    const check = (text: string) => {
      if (Number(text) === 0 && /[1-9]/.test(text.split(/[eE]/)[0])) expect(mayUnderflow(`[${text}]`), text).toBe(true);
    };
    // every count of leading zeros against every exponent around the threshold, both ends of a digit's range
    let underflows = 0;
    for (let zeros = 0; zeros <= 340; zeros++) {
      for (let exponent = 0; exponent <= 400; exponent++) {
        for (const text of [`0.${'0'.repeat(zeros)}1e-${exponent}`, `0.${'0'.repeat(zeros)}99E-0${exponent}`]) {
          check(text);
          if (Number(text) === 0) underflows++;
        }
      }
    }
    expect(underflows).toBeGreaterThan(100_000);
    const literal = fc
      .record({
        sign: fc.constantFrom('', '-'),
        lead: fc.constantFrom('0', '1', '7'),
        zeros: fc.nat({ max: 340 }),
        digits: fc.stringMatching(/^[0-9]{1,5}$/),
        exponentZeros: fc.constantFrom('', '0', '00'),
        exponent: fc.option(fc.integer({ min: -60, max: 360 }), { nil: undefined }),
        mark: fc.constantFrom('e', 'E'),
      })
      .map((p) => {
        const mantissa = p.lead === '0' ? `0.${'0'.repeat(p.zeros)}${p.digits}` : `${p.lead}.${p.digits}`;
        if (p.exponent === undefined) return `${p.sign}${mantissa}`;
        return `${p.sign}${mantissa}${p.mark}${p.exponent >= 0 ? '-' : '+'}${p.exponentZeros}${Math.abs(p.exponent)}`;
      });
    fc.assert(fc.property(literal, check), { numRuns: 2000 });
    expect(mayUnderflow('[1.5e-299, 0.00000000000000000000001, 1e+400]')).toBe(false);
  });

  it('cuts a long cell to an excerpt in its message', () => {
    const err = errorOf(() => parseDatasetCsv(`${'x'.repeat(100_000)},0\n1,1\n2,0\n`));
    expect(err.message).toBe(`row 1, column 1: "${'x'.repeat(79)}…" is not a number`);
  });
});

describe('a label column holds one kind of label (issue 21)', () => {
  const KINDS =
    'the label column (the last) holds class numbers (0, 1, 2, …) in every row, or class names (cat, dog, …) in every row';

  it('refuses 0.5, 1, cat at its first bad row, naming the column and the fix', () => {
    const err = errorOf(() => parseDatasetCsv('1,2,0.5\n3,4,1\n5,6,cat\n'));
    expect(err.message).toBe(`row 1, column 3: the label "0.5" is not a whole number; ${KINDS}`);
    expect(err.field).toBe('row 1, column 3');
  });

  it('refuses names mixed with numbers, counting a header as row 1', () => {
    const err = errorOf(() => parseDatasetCsv('x,y,label\n1,2,0\n3,4,1\n5,6,cat\n'));
    expect(err.message).toBe(`row 4, column 3: the label "cat" is a name but row 2's label "0" is a number; ${KINDS}`);
    expect(errorOf(() => parseDatasetCsv('1,dog\n2,cat\n3,7\n')).message).toBe(
      `row 3, column 2: the label "7" is a number but row 1's label "dog" is a name; ${KINDS}`,
    );
    expect(errorOf(() => parseDatasetCsv('1,0\n2,1\n3,2.25\n')).message).toMatch(/^row 3, column 2: the label "2\.25"/);
  });

  it('still reads whole numbers written as 1.0 or 2e0, negative classes, and names', () => {
    expect(parseDatasetCsv('1,-1\n2,1.0\n3,1\n').labelNames).toEqual(['-1', '1']);
    expect(Array.from(parseDatasetCsv('1,2e0\n2,0\n').y)).toEqual([1, 0]);
    expect(parseDatasetCsv('1,cat\n2,dog\n3,x1\n').labelNames).toEqual(['cat', 'dog', 'x1']);
  });
});
