import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDatasetFile } from '../core/data/import.ts';
import { LabError, type Dataset } from '../core/types.ts';

/** Reads a JSON or CSV data file; a missing file is a user error naming the flag. */
export function readDataFile(path: string, flag = '--data'): { data: Dataset; name: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new LabError(`${flag} ${path}: cannot read the file (${code ?? 'error'}); check the path`, flag);
  }
  return { data: parseDatasetFile(basename(path), text), name: basename(path) };
}
