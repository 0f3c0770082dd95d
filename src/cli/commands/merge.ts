import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LabError } from '../../core/types.ts';
import type { ParsedArgs } from '../args.ts';
import { mergeShardFiles, type ShardFile } from '../shards/shard.ts';
import { ShardFileReader } from '../shards/shard-file.ts';

/** Shard outputs are JSON lines of run's own output: bounded like a data file. */
const MAX_FILE_BYTES = 1024 ** 3;
/** Files are read in pieces of this size (one string of a whole 1 GiB file is beyond V8's longest string). */
const CHUNK_BYTES = 16 * 1024 ** 2;

/** `merge FILE…` → the shards' lines in the order one unsharded run prints them, once every file is known whole and of one sweep. */
export function mergeCommand(args: ParsedArgs, out: (line: string) => void): void {
  for (const name of args.flags.keys()) {
    if (name !== 'help')
      throw new LabError(`unknown flag --${name} for "merge"; merge takes only the shards' files`, `--${name}`);
  }
  if (args.positional.length === 0)
    throw new LabError("merge needs the shards' output files, e.g. merge shard-*.jsonl", 'merge');
  const files: ShardFile[] = [];
  for (const path of args.positional) {
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) throw new LabError(`${path} is not a regular file; give the files the shards wrote`, path);
      size = stat.size;
    } catch (err) {
      if (err instanceof LabError) throw err;
      throw new LabError(`cannot read ${path}: ${(err as Error).message}`, path);
    }
    if (size > MAX_FILE_BYTES)
      throw new LabError(`${path} is over 1 GiB; shards printed with --final-only are far smaller`, path);
    // each file is read and checked on its own, so that every refusal names its file (and line)
    files.push(readShard(path));
  }
  for (const line of mergeShardFiles(files)) out(line);
}

/** One file, line by line through a ShardFileReader, in pieces of `chunkBytes` (UTF-8 split safely across them). */
export function readShard(path: string, chunkBytes = CHUNK_BYTES): ShardFile {
  const reader = new ShardFileReader(path);
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.alloc(chunkBytes);
  const fd = openSync(path, 'r');
  let rest = '';
  let n = 0;
  try {
    for (let bytes = readSync(fd, buffer); bytes > 0; bytes = readSync(fd, buffer)) {
      const lines = (rest + decoder.write(buffer.subarray(0, bytes))).split('\n');
      rest = lines.pop() as string;
      for (const line of lines) reader.line(line, ++n);
    }
  } finally {
    closeSync(fd);
  }
  reader.line(rest + decoder.end(), ++n);
  return reader.finish();
}
