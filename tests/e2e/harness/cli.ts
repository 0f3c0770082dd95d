// The command line's view of a URL: `npm run -s lab -- run --url URL`, parsed from its JSON lines.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './site.ts';

/** One checkpoint line of `lab run` (NaN arrives as null). */
export interface CliCheckpoint {
  run: number;
  t: number;
  loss: number | null;
  normRatio: number | null;
  angle: number | null;
  distance: number | null;
  margin: number | null;
  marginRatio: number | null;
  trainAcc: number | null;
  testAcc?: number | null;
  status?: string;
  message?: string;
}

export interface CliRun {
  checkpoints: CliCheckpoint[];
  summary: Record<string, unknown>;
}

const run = promisify(execFile);

/** Runs the CLI on a page URL (extra flags go on top of it, e.g. ['--engine', 'cpu']). */
export async function cliRunUrl(url: string, extraArgs: readonly string[] = []): Promise<CliRun> {
  const { stdout } = await run('npm', ['run', '-s', 'lab', '--', 'run', '--url', url, ...extraArgs], {
    cwd: REPO_ROOT,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const checkpoints: CliCheckpoint[] = [];
  let summary: Record<string, unknown> | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as Record<string, unknown>;
    if ('summary' in record) summary = record.summary as Record<string, unknown>;
    else checkpoints.push(record as unknown as CliCheckpoint);
  }
  if (!summary) throw new Error(`lab run --url ${url} printed no summary line`);
  return { checkpoints, summary };
}
