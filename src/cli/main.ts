#!/usr/bin/env node
// The headless lab: `npx implicit-bias-lab <command> [flags]` from the package (compiled to dist-cli/
// by tsconfig.cli.json), or `npm run -s lab -- <command> [flags]` in a checkout (through tsx). Same core
// and engines as the page.
import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import { escapeControl, excerpt } from '../core/experiment/user-text.ts';
import { LabError } from '../core/types.ts';
import { parseArgs } from './args.ts';
import { dataCommand } from './commands/data.ts';
import { demoCommand } from './commands/demo.ts';
import { mergeCommand } from './commands/merge.ts';
import { runCommand } from './commands/run.ts';
import { scriptCommand } from './commands/script.ts';
import { svmCommand } from './commands/svm.ts';
import { HELP } from './help.ts';
import { labVersion } from './version.ts';

/** Set in the child that `--quiet` runs under: its stderr reaches the terminal through a filter. */
const QUIET_CHILD = 'LAB_QUIET_CHILD';
/** The lines a filtered stderr lets through: our own errors (and, with LAB_DEBUG, what follows one). */
const ERROR_LINE = /^(error|internal error): /;

/** A failed write in words: the causes a user can act on by name, else the system's own message. */
const WRITE_FAILURES: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large for its file system',
  EIO: 'an input/output error on the device',
};

/** The one line a failed write of the output ends with. */
function writeFailure(err: NodeJS.ErrnoException): string {
  return `error: cannot write the output: ${WRITE_FAILURES[err.code ?? ''] ?? escapeControl(err.message)}\n`;
}

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    // A reader that closed the pipe (`… | head -1`) has all it wants: end quietly, status 0.
    if (err.code === 'EPIPE') process.exit(0);
    // Notes and progress that cannot be written (stderr on a full disk) are lost, not the output:
    // the command goes on, and says a failure of its own on stderr only if it can.
    if (stream === process.stderr) return;
    // A full disk (or another failed write) of the output: one line, written past the failed stream,
    // and status 1 at once, also under --quiet (the line passes its filter), not Node's stack trace.
    try {
      writeSync(2, writeFailure(err));
    } catch {
      // stderr is gone too: the status alone tells
    }
    process.exit(1);
  });
}

const out = (line: string) => process.stdout.write(line + '\n');
const note = (line: string) => process.stderr.write(`note: ${escapeControl(line)}\n`);
/** progress of long preparations: plain lines on stderr */
const progress = (line: string) => process.stderr.write(`${line}\n`);
/** raw output (no newline added), for output streamed in pieces */
const write = (chunk: string) => process.stdout.write(chunk);

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const command = args.command ?? (args.flags.has('version') ? 'version' : 'help');
  if (command === 'help' || args.flags.has('help')) {
    const topic = command === 'help' ? (args.positional[0] ?? 'help') : command;
    if (!(topic in HELP))
      throw new LabError(`no help on "${excerpt(topic)}"; commands: ${Object.keys(HELP).join(', ')}`, topic);
    out(HELP[topic]);
    return 0;
  }
  if (command === 'run' && args.flags.has('quiet') && !process.env[QUIET_CHILD]) return runFiltered(argv);
  switch (command) {
    case 'data':
      dataCommand(args, write, progress);
      return 0;
    case 'svm':
      await svmCommand(args, out, progress);
      return 0;
    case 'run':
      await runCommand(args, out, note, progress);
      return 0;
    case 'script':
      await scriptCommand(args, out, note, progress);
      return 0;
    case 'demo':
      await demoCommand(args, out);
      return 0;
    case 'merge':
      mergeCommand(args, out);
      return 0;
    case 'version':
      out(labVersion());
      return 0;
    default:
      throw new LabError(
        `unknown command "${excerpt(command)}"; commands: run, script, merge, svm, data, demo, version, help`,
        command,
      );
  }
}

/**
 * `--quiet`: nothing but errors on stderr. Native code (Dawn's warnings when it looks for Vulkan or
 * sets up OpenGL ES) writes to the process's stderr directly, out of JavaScript's reach, so the run
 * happens in a child whose stderr passes through a filter that keeps only error lines.
 */
function runFiltered(argv: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...argv], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: { ...process.env, [QUIET_CHILD]: '1' },
  });
  let passing = false;
  let said = false;
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (ERROR_LINE.test(line)) {
      passing = line.startsWith('internal error') && Boolean(process.env.LAB_DEBUG);
      said = true;
    } else if (!passing) return;
    process.stderr.write(`${line}\n`);
  });
  return new Promise((resolve) => {
    child.on('error', (err) => {
      process.stderr.write(`internal error: cannot start the quiet run (${err.message})\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      // a run that ends without its own error line (killed, or a crash whose words the filter held back)
      // still says so: --quiet never turns a failure into silence
      if (signal) {
        process.stderr.write(
          `error: the run was killed by ${signal} (from outside: the out-of-memory killer, a time limit, kill); its output stops where it was\n`,
        );
        resolve(128 + (constants.signals[signal] ?? 0));
      } else {
        if (code !== 0 && !said)
          process.stderr.write(
            `internal error: the run stopped with status ${code} and no message; run it without --quiet to see its stderr\n`,
          );
        resolve(code ?? 1);
      }
    });
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof LabError) {
      process.stderr.write(`error: ${escapeControl(err.message)}\n`);
      process.exitCode = 2;
    } else {
      // Not the user's fault: say so plainly; the stack only on request.
      const e = err as Error;
      process.stderr.write(
        `internal error: ${escapeControl(e?.message ?? String(err))} (set LAB_DEBUG=1 for details)\n`,
      );
      if (process.env.LAB_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
      process.exitCode = 1;
    }
  },
);
