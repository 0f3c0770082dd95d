// The headless lab: `npm run -s lab -- <command> [flags]`. Same core and engines as the page.
import { LabError } from '../core/types.ts';
import { parseArgs } from './args.ts';
import { dataCommand } from './commands/data.ts';
import { demoCommand } from './commands/demo.ts';
import { runCommand } from './commands/run.ts';
import { svmCommand } from './commands/svm.ts';
import { HELP } from './help.ts';

const out = (line: string) => process.stdout.write(line + '\n');
const note = (line: string) => process.stderr.write(`note: ${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  const command = args.command ?? 'help';
  if (command === 'help' || args.flags.has('help')) {
    out(HELP[command] ?? HELP.help);
    return 0;
  }
  switch (command) {
    case 'data': dataCommand(args, out); return 0;
    case 'svm': svmCommand(args, out); return 0;
    case 'run': await runCommand(args, out, note); return 0;
    case 'demo': await demoCommand(args, out); return 0;
    default:
      throw new LabError(`unknown command "${command}"; commands: run, svm, data, demo, help`, command);
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    if (err instanceof LabError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      // Not the user's fault: say so plainly; the stack only on request.
      const e = err as Error;
      process.stderr.write(`internal error: ${e?.message ?? String(err)} (set LAB_DEBUG=1 for details)\n`);
      if (process.env.LAB_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
      process.exitCode = 1;
    }
  },
);
