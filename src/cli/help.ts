/** Help texts, one per command. The flag names and JSON fields here are a public contract. */
import { DEFAULT_OPTIMIZER_PARAMS, momentumBetaReaders } from '../core/training/optimizers.ts';
import { LOSS_NAMES, NORM_NAMES, OPTIMIZER_NAMES, SCHEDULE_NAMES } from '../core/types.ts';

// the name lists come from the tables (losses, optimizers, schedules, norms), so help cannot drift from them
const LOSSES = LOSS_NAMES.join(',');
const OPTIMIZERS = OPTIMIZER_NAMES.join(',');
const SCHEDULES = SCHEDULE_NAMES.join('|');
const NORMS = NORM_NAMES.join('|');
const { beta, beta2, eps, ns } = DEFAULT_OPTIMIZER_PARAMS;

export const HELP: Record<string, string> = {
  help: `Implicit Bias Lab, headless. Usage: npm run -s lab -- <command> [flags]

Commands
  run      gradient descent runs → JSON lines (one per checkpoint and run), then a summary line
  script   the same flags as run → one Python 3 program (numpy only) that prints run's lines
  merge    the outputs of a sweep's shards (run --shard i/n) → exactly the unsharded output
  svm      the hard-margin multiclass SVM of a data file, with its KKT certificate
  data     generate a data set (the paper's generator or Gaussian blobs) as JSON
  demo     a readable first look: PairLogLoss vs hinge on the paper's data
  version  the package's version (also --version)
  help     this text; "<command> --help" for one command

Exit status: 0 ok, 2 a problem with your input (the message names the flag), 1 an internal error or
output that cannot be written ("error: cannot write the output: no space left on device"); a --quiet run
killed by a signal says so, with 128 + the signal's number. A reader that closes the pipe early
(… | head -1) ends the command quietly, with 0.`,
  run: `npm run -s lab -- run (--preset paper|blobs | --data FILE | --url URL) [flags]

Data     --preset paper|blobs  --n N --d D --k K --margin M (blobs)  |  --data points.csv|points.json
         --url "http://…/?v=1&…"  runs exactly the lab's shareable experiment (flags given too override it)
Runs     --seeds 0..9 | 0,3,7     one data set per seed (generated data) or one init per seed (--data)
         --loss ${LOSSES}   --schedule ${SCHEDULES}
         --optimizer ${OPTIMIZERS}
         --beta ${beta} (${momentumBetaReaders().join(', ')}; Adam's β₁)  --beta2 ${beta2}  --eps ${eps} (Adam; 0 allowed)
         --ns ${ns} (muon: 0 = exact U Vᵀ, 5 = Newton–Schulz as in practice)
         --wd 0 (decoupled weight decay λ, every optimizer: W ← (1 − η_t λ) W, then the step; adam: AdamW;
         λ·η < 1); each takes a list
         (--eps 0,1e-8): an optimizer runs once per combination of the values it reads
         --batch B (mini-batch SGD: B rows a step, 1..N; default full)  --batch-seed S (default 0: epoch e's rows
         are numpy RandomState(S)'s e-th permutation(N), cut into slices of B, the last one shorter; CPU engine only)
         --lr 0.1/3[,0.01] | 1e-3..10:log:64 | 0.01..0.5:lin:50   --steps T   --init zero|gaussian|gaussian:S
         (a sweep is the product seeds × losses × optimizers (× their parameter combinations) × step sizes;
         run r is its r-th run, seed outermost)
Engine   --engine cpu|gpu|auto   (gpu: WebGPU through Dawn; auto: a hardware GPU when present, else cpu)
         --workers N    CPU engine threads (default: every core for long runs); output bit for bit that of 1
Output   --per-decade 10 (checkpoint density)  --quiet (nothing but errors on stderr: no notes, no progress)
         --final-only   one {"summary":{"run",…metrics at T…,"label","problem","svmNormF","checks","seed","lossName","optimizer","lr"}} line per run, nothing else
Sweeps   --shard i/n    only runs r with r mod n = i (0 ≤ i < n), numbered as in the whole sweep;
                        "merge FILE…" puts the shards' outputs back into the unsharded output. A shard's
                        output says which it is: "shard":"i/n" and "sweep":{"experiment","engine","runs",
                        "perDecade"} beside each --final-only summary, or in the closing summary

Each line: {"run","t","loss","normRatio","angle","distance","margin","marginRatio","trainAcc"[,"testAcc"],"rho"}
(+"status","message" for a run that diverged). null only for the direction of W = 0 (angle, distance,
margin, marginRatio, every rho entry); any other non-finite value marks that checkpoint diverged. Last line: {"summary":{…}};
each of its runs carries "checks", the theory checks (id, verdict, expected, label, value, threshold).
"rho": {"fro","max","l1","spectral","nuclear"}, each m(W)/(‖W‖_p γ_p) ≤ 1 (→ 1 when W turns toward the
p-norm max-margin solution); γ_p is solved once per data set before the runs start (up to N·d·K = 2e5;
beyond that rho holds nulls and a note says so; a γ_p whose certificate misses its target gives null too).
--url takes only v=1 links. --data: a regular file of at most 256 MiB.
Sizes beyond the lab's limits (docs/limits.md, Sizes) are refused before anything is allocated, naming what fits;
a preparation longer than a second reports progress on stderr.`,
  script: `npm run -s lab -- script <the flags of run, or --url URL> > experiment.py; python3 experiment.py

Prints one self-contained Python 3 program that needs only numpy and reproduces the experiment in
float64: run with python3 it prints the same JSON lines as "run … --engine cpu" (the same keys and
checkpoints, numbers within 1e-9 relative; --per-decade and --final-only as in run). The paper's
and the blobs' data sets are regenerated with numpy's legacy RandomState; uploads (--data) are embedded. Ŵ and
every γ_p come from the lab's certified solves, embedded; so are "experiment", "engine", "device",
each run's "label", "problem" and "svmNormF", and the step-size advice closing a divergence "message";
the theory "checks" are computed in Python by the lab's rules, and "seconds" is the program's own wall time. Each loss is a few small Python functions (value, pair weights, their logs),
each optimizer one step_<name> function: edit them to try your own. --shard is refused (the program runs
the whole sweep, in run's order). Spectral steps (spectral, nuclear, muon with ns=0) take U Vᵀ from a
Gram matrix, as the lab does: when ∇R's smallest kept singular value is far below its largest, the two
programs' rounding can part by more than 1e-9 after some hundred steps (so can other runs whose dynamics
amplify rounding, e.g. ngd or sign steps around the squared loss's finite minimizer).`,
  svm: `npm run -s lab -- svm --data FILE [--norm ${NORMS}] [--pretty] [--quiet]

FILE is JSON {"X": [[…]], "y": […], "K": K} or CSV (label in the last column; row 1 is a header only when its cells are names).
Prints {"W": d×K rows, "normF", "minMargin", "kkt": {primal, dual, complementarity, stationarity, gap, max},
"support", "alphaExponent"} only when every (relative) KKT residual is ≤ 1e-9; each support alpha times
2^alphaExponent is the multiplier (alphaExponent is 0 unless that over- or underflows float64).
With --norm p: the max-margin solution in norm p (max: largest |entry|, l1: sum of |entries|, spectral:
largest singular value, nuclear: sum of singular values), {"W" (‖W‖_p = 1), "norm", "gamma", "minMargin",
"certificate": {"primal", "dual", "gap", "dualNorm", "support", "seconds"}}: primal = m(W)/‖W‖_p ≤ γ_p ≤ dual
= ‖Σλ A‖ in the dual norm for dual weights λ on the pair constraints; gap = (dual − primal)/dual, printed
only when gap ≤ 1e-9 (fro, max, l1) or 1e-7 (spectral, nuclear); otherwise the gap reached goes to stderr
(exit status 2). Data of any scale: γ_p(sX) = s·γ_p(X), the same W.
Data that are not linearly separable are reported with the evidence, and data whose margin is below what
float64 can certify are reported with the numbers (exit status 2 for both).
A solve longer than a second reports progress on stderr; --quiet silences it.`,
  merge: `npm run -s lab -- merge shard-0.jsonl shard-1.jsonl …

Reads the outputs of one sweep's shards (run --shard i/n, with or without --final-only), one file per
shard, and prints the lines of the unsharded run in its order: checkpoints by t then run, --final-only
summaries by run. The closing summary of full output lists every shard's runs, with the longest shard's
seconds. With --final-only the result is byte for byte the unsharded output; without it, so is every
line but that "seconds".

Each shard's output says which sweep and which shard it is: with --final-only every line is
{"summary":{…},"shard":"i/n","sweep":{"experiment","engine","runs","perDecade"}} (a shard with no runs,
n above the sweep's run count, prints the stamp alone), and the closing summary of full output carries
the same "shard" and "sweep". merge strips them, and refuses (exit status 2, naming the file and line):
shards of different experiments, engines or --per-decade, of different n, a missing or repeated shard,
full and --final-only output mixed, a file cut short (a missing line, run or closing summary, a line cut
mid-way), a value of the wrong type (a loss that is not a number or null), an unstamped or empty file.`,
  data: `npm run -s lab -- data [--preset paper|blobs] [--n 100 --d 10 --k 3 --seed 0] [--margin 0.5] [--split train|test] [--pretty] [--quiet]

paper: the authors' generator (numpy legacy seed; X = randn(2N×d), W* = randn(d×K), y = argmax XW*;
train = first N rows, test = last N). Prints {"X": [[…]], "y": […], "K": K}, written row by row.
Sizes and the margin follow the same limits as run (docs/limits.md, Sizes); progress of a long write goes to stderr.`,
  demo: `npm run -s lab -- demo [--steps 100000]

PairLogLoss against the hinge loss on the paper's data, printed at every power of ten.`,
  version: `npm run -s lab -- version   (or: npx implicit-bias-lab --version)

Prints the package's version (package.json's "version"), e.g. 0.1.0.`,
};
