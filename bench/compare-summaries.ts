// Compares two JSON-lines outputs of `lab run --final-only` (e.g. the GPU and the CPU engine on one
// sweep) run by run, matched on "run": the largest |difference| of each metric, and how many runs
// each side has. `b` may hold a sample (a shard) of `a`'s runs. With a field name (e.g. optimizer)
// the differences are given per value of that field.
//   usage: tsx bench/compare-summaries.ts A.jsonl B.jsonl [FIELD]
import { readFileSync } from 'node:fs';

type Summary = Record<string, unknown> & { run: number; rho?: Record<string, number | null> };

function summaries(path: string): Map<number, Summary> {
  const out = new Map<number, Summary>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('{"summary"')) continue;
    const s = (JSON.parse(line) as { summary: Summary }).summary;
    out.set(s.run, s);
  }
  return out;
}

const METRICS = ['distance', 'normRatio', 'angle', 'marginRatio', 'loss', 'trainAcc'] as const;
const [pathA, pathB, field] = process.argv.slice(2);
const [a, b] = [pathA, pathB].map(summaries);
type Worst = Record<string, { diff: number; run: number }>;
const groups: Record<string, Worst> = {};
let matched = 0;
const note = (worst: Worst, key: string, x: unknown, y: unknown, run: number) => {
  if (typeof x !== 'number' || typeof y !== 'number') return;
  const diff = Math.abs(x - y);
  if (!(diff <= (worst[key]?.diff ?? -1))) worst[key] = { diff: Number(diff.toPrecision(3)), run };
};
for (const [run, sb] of b) {
  const sa = a.get(run);
  if (!sa) continue;
  matched++;
  const worst = (groups[field ? String(sb[field]) : 'all'] ??= {});
  for (const m of METRICS) note(worst, m, sa[m], sb[m], run);
  for (const norm of Object.keys(sb.rho ?? {})) note(worst, `rho.${norm}`, sa.rho?.[norm], sb.rho?.[norm], run);
}
process.stdout.write(JSON.stringify({ runsA: a.size, runsB: b.size, matched, maxAbsDiff: groups }) + '\n');
