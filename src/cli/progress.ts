// Progress of long preparations on stderr ("preparing: 40 % SVM target: …"), so a big run says what
// it is doing before its first JSON line. Quiet for the first second, so short runs print nothing.
import type { PrepareProgress } from '../core/engine/experiment-preparation.ts';

/**
 * Nothing is printed before this much time has passed (LAB_PROGRESS_AFTER_MS, default 1000; tests set
 * 0 so that they do not depend on this machine's speed), and then at most once per interval.
 */
const QUIET_MS = Number(process.env.LAB_PROGRESS_AFTER_MS ?? 1000);
const INTERVAL_MS = 1000;

/** A progress callback writing lines through `write`; `quiet` (the --quiet flag) silences it. */
export function stderrProgress(
  write: (line: string) => void,
  quiet: boolean,
  label = 'preparing',
): (p: PrepareProgress) => void {
  if (quiet) return () => {};
  const started = performance.now();
  let last = -Infinity;
  let printed = false;
  return (p) => {
    const now = performance.now();
    const final = p.fraction >= 1;
    if (now - started < QUIET_MS || (!final && now - last < INTERVAL_MS) || (final && !printed)) return;
    last = now;
    printed = true;
    write(`${label}: ${Number.isFinite(p.fraction) ? `${Math.floor(p.fraction * 100)} % ` : ''}${p.stage}`);
  };
}
