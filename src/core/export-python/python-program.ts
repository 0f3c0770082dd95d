// The program `lab script` prints: one self-contained Python 3 file that needs only numpy and prints the
// JSON lines `lab run --engine cpu` prints for the same experiment (docs/cli.md, "lab script"). Its loss,
// optimizer and schedule rules come from python-rules.ts, its fixed parts from python-runtime.ts, its
// data sets and runs from python-data.ts.
import { parseInit } from '../training/init.ts';
import { OPTIMIZERS } from '../training/optimizers.ts';
import type { Experiment, Problem } from '../types.ts';
import { PY_BLOBS } from './python-blobs.ts';
import { PY_CHECKS, pyCheckTables } from './python-checks.ts';
import { pyLiteral, pyProblem, pyRun, type DataSource, type PythonRun } from './python-data.ts';
import { LOSS_PY, OPTIMIZER_PY, SCHEDULE_PY } from './python-rules.ts';
import { PY_DATA, PY_METRICS, PY_NUMERICS, PY_OPTIMIZER_MATH, PY_OUTPUT, PY_TRAINING } from './python-runtime.ts';

export { pyLiteral, pyNumber, type PythonRun } from './python-data.ts';

/** What the program reproduces, and the stamps it embeds. */
export interface PythonProgramInput {
  readonly experiment: Experiment;
  /** the experiment's link query (the summary's "experiment") */
  readonly link: string;
  /** the runs to print, in `lab run`'s order, each with its sweep index */
  readonly runs: readonly {
    readonly spec: PythonRun['spec'];
    readonly index: number;
  }[];
  readonly perDecade: number;
  readonly finalOnly: boolean;
  /** what wrote it, e.g. "`lab script` of implicit-bias-lab 0.1.0" or "the Export bar of the lab's page at URL" */
  readonly version: string;
  /** the engine the lines name (the float64 CPU engine this program mirrors) */
  readonly engine: { readonly kind: string; readonly device: string };
}

/** The fields of the lines that the program embeds instead of computing (docs/cli.md lists them too). */
export const EMBEDDED_FIELDS = [
  'experiment',
  'engine',
  'device',
  'label',
  'problem',
  'svmNormF',
  'the step-size advice closing a "message"',
] as const;

function header(input: PythonProgramInput): string {
  return `#!/usr/bin/env python3
"""Implicit Bias Lab experiment, exported by ${input.version}.

Experiment (the lab page's link query): ?${input.link}

The lab explores Ravi, Scott, Soudry, Wang, "The Implicit Bias of Gradient Descent on Separable
Multiclass Data", NeurIPS 2024 (arXiv 2411.01350): on separable data, gradient descent on a loss with
the multiclass exponential tail approaches the direction of the hard-margin SVM Ŵ.

This program needs only numpy. It trains every run of the experiment in float64, in the order of
\`lab run\`, and prints the same JSON lines as \`lab run --engine cpu\` (one per checkpoint and run, then
the summary; numbers agree to about 1e-9 relative). To try your own loss, edit its functions under
"Losses" (value, pair weights c_j = −∂ψ/∂u_j and their logs); an optimizer is one step_<name> function.

Computed here: every number of every checkpoint (loss, norms, angle, distance, margins, accuracies, ρ_p),
the divergence rule, the checkpoint times, the summary's theory checks and "seconds" (this program's own
wall time).
Embedded from the lab: uploaded data sets (generated ones are drawn here as the lab draws them), Ŵ and ‖Ŵ‖_F (its
certified SVM solve), γ_p of every norm (its certified max-margin solves), and the fields
${EMBEDDED_FIELDS.join(', ')}.
"""
import json
import math
import time

import numpy as np
`;
}

function section(title: string): string {
  return `\n\n# ${'—'.repeat(4)} ${title} ${'—'.repeat(Math.max(4, 90 - title.length))}\n`;
}

/** The steps and schedules the runs use, and the map from their names to their functions. */
function rulesUsed(input: PythonProgramInput): string {
  const unique = <T>(xs: readonly T[]) => [...new Set(xs)];
  const losses = unique(input.runs.map((r) => r.spec.loss));
  const optimizers = unique(input.runs.map((r) => r.spec.optimizer));
  const schedules = unique(input.runs.map((r) => r.spec.schedule));
  const plain = optimizers.filter((o) => OPTIMIZERS[o].gradient === 'plain');
  return [
    section('Losses: L_y(s) = ψ(u), u_j = s_y − s_j (PERM losses, arXiv 2311.17778)'),
    ...losses.map((l) => LOSS_PY[l]),
    section('Optimizers: one step function each (the table of src/core/training/optimizers.ts)'),
    PY_OPTIMIZER_MATH,
    ...optimizers.map((o) => OPTIMIZER_PY[o]),
    `\nOPTIMIZERS = {${optimizers.map((o) => `${JSON.stringify(o)}: step_${o}`).join(', ')}}`,
    `# these take ∇R itself; the others its log-domain direction (the same G, without underflow)`,
    `PLAIN_GRADIENT = {${plain.map((o) => JSON.stringify(o)).join(', ')}}`,
    section('Step-size schedules'),
    ...schedules.map((s) => SCHEDULE_PY[s]),
    `\nSCHEDULES = {${schedules.map((s) => `${JSON.stringify(s)}: schedule_${s}`).join(', ')}}`,
    section('Theory checks of the summary (Theorem 3.4 of arXiv 2411.01350)'),
    pyCheckTables(losses, optimizers, schedules),
    PY_CHECKS,
  ].join('\n');
}

/** The data sets (one per distinct problem, in order of first use) and the runs. */
function experimentPart(input: PythonProgramInput): string {
  const { experiment } = input;
  const problems: Problem[] = [];
  const problemIndex = new Map<Problem, number>();
  const sources: DataSource[] = [];
  for (const { spec } of input.runs) {
    if (problemIndex.has(spec.problem)) continue;
    problemIndex.set(spec.problem, problems.length);
    problems.push(spec.problem);
    sources.push(
      experiment.data === 'upload'
        ? { kind: 'embedded', why: 'the uploaded data set' }
        : experiment.data === 'blobs'
          ? { kind: 'blobs', seed: spec.seed, margin: experiment.margin }
          : { kind: 'paper', seed: spec.seed },
    );
  }
  const init = parseInit(experiment.init);
  const runs = input.runs.map((r) =>
    pyRun(
      {
        ...r,
        init: init.kind === 'zero' ? init : { kind: 'gaussian', seed: init.seed ?? r.spec.seed },
      },
      problemIndex.get(r.spec.problem) ?? 0,
    ),
  );
  const summary = {
    experiment: input.link,
    engine: input.engine.kind,
    device: input.engine.device,
    steps: experiment.steps,
  };
  return [
    section('The experiment'),
    `STEPS = ${experiment.steps}`,
    `PER_DECADE = ${input.perDecade}  # checkpoints per decade of t`,
    `FINAL_ONLY = ${input.finalOnly ? 'True' : 'False'}  # True: one {"summary": …} line per run (lab run --final-only)`,
    `EMBEDDED_SUMMARY = ${pyLiteral(summary)}`,
    '\nPROBLEMS = []\n',
    ...problems.map((p, i) => pyProblem(p, sources[i])),
    `RUNS = [\n${runs.join('\n')}\n]`,
  ].join('\n');
}

/** The whole program. */
export function pythonProgram(input: PythonProgramInput): string {
  return [
    header(input),
    section('Numerics'),
    PY_NUMERICS,
    rulesUsed(input),
    section('Data and starting points'),
    PY_DATA,
    input.experiment.data === 'blobs'
      ? `${section("Gaussian blobs (the lab's src/core/data/blobs.ts)")}${PY_BLOBS}`
      : '',
    section('Checkpoint metrics'),
    PY_METRICS,
    section('Training, divergence and checkpoint times'),
    PY_TRAINING,
    experimentPart(input),
    section('Output: the JSON lines of lab run'),
    PY_OUTPUT,
  ].join('\n');
}
