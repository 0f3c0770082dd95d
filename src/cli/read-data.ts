import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { MAX_DATA_FILE_BYTES, parseDatasetFile, type ImportedDataset } from '../core/data/data-import.ts';
import { excerpt } from '../core/experiment/user-text.ts';
import { LabError } from '../core/types.ts';

const MIB = 2 ** 20;

/**
 * Reads a JSON or CSV data file. Only regular files of at most MAX_DATA_FILE_BYTES are read, checked
 * before reading (a device such as /dev/zero never ends and a FIFO blocks); a missing file is a user
 * error naming the flag. `hash` names the content as the page's uploads do (first 64 bits of SHA-256).
 */
export function readDataFile(path: string, flag = '--data'): { data: ImportedDataset; name: string; hash: string } {
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      const what = stat.isDirectory()
        ? 'a directory'
        : stat.isFIFO()
          ? 'a pipe (FIFO)'
          : stat.isSocket()
            ? 'a socket'
            : 'a device, not a regular file';
      throw new LabError(
        `${flag} ${excerpt(path)}: this is ${what}; give a CSV or JSON file (save piped data to a file first)`,
        flag,
      );
    }
    if (stat.size > MAX_DATA_FILE_BYTES) {
      throw new LabError(
        `${flag} ${excerpt(path)}: the file has ${(stat.size / MIB).toFixed(1)} MiB; data files may have at most ${MAX_DATA_FILE_BYTES / MIB} MiB`,
        flag,
      );
    }
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof LabError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new LabError(`${flag} ${excerpt(path)}: cannot read the file (${code ?? 'error'}); check the path`, flag);
  }
  // the page hashes the text the browser decoded, which has no byte-order mark
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const hash = createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 16);
  return { data: parseFile(path, text, flag), name: basename(path), hash };
}

/** The file's data; a problem in it is named with the file, as the page names the uploaded file. */
function parseFile(path: string, text: string, flag: string): ImportedDataset {
  try {
    return parseDatasetFile(basename(path), text);
  } catch (err) {
    if (err instanceof LabError) throw new LabError(`${flag} ${excerpt(path)}: ${err.message}`, flag);
    throw err;
  }
}
