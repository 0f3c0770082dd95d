#!/usr/bin/env bash
# What we run on a machine with a hardware GPU (Linux, Vulkan driver, Node ≥ 20 on PATH, this checkout
# with node_modules installed): the real-WGSL test project, the GPU sections of `npm run bench`, and the
# CLI's GPU engine against its float64 CPU engine on the paper's experiments, all at full size.
# Only node is called (no npm/npx), so a bare server with a node binary is enough.
#   usage: bash bench/device-check.sh OUTDIR [quick]
# Writes OUTDIR/{adapter.txt,gpu-tests.log,bench.json,cli-*.jsonl} (stderr beside each as .err) and summary.txt; prints the summary last.
set -u
export NO_COLOR=1 FORCE_COLOR=0
# per-step limits in seconds (a hung step must not eat the machine's time)
GPU_TESTS_S=${GPU_TESTS_S:-240} BENCH_S=${BENCH_S:-200} FIGB_S=${FIGB_S:-120} PHASE_S=${PHASE_S:-200}
OUTDIR=${1:?usage: bench/device-check.sh OUTDIR [quick]}
mkdir -p "$OUTDIR"
TSX=(node node_modules/tsx/dist/cli.mjs)
VITEST=(node node_modules/vitest/vitest.mjs)
LAB=("${TSX[@]}" src/cli/main.ts)
summary() { echo "$*" | tee -a "$OUTDIR/summary.txt"; }
# elapsed NAME CMD…: runs CMD with stdout to OUTDIR/NAME and stderr to OUTDIR/NAME.err
elapsed() { local name=$1 s=$SECONDS; shift; "$@" > "$OUTDIR/$name" 2> "$OUTDIR/$name.err"; local rc=$?; summary "  rc=$rc in $((SECONDS - s)) s"; return $rc; }

summary "node $(node --version), $(nproc) cores"
"${TSX[@]}" -e "import('./src/gpu/node-device.ts').then(async (m) => { const h = await m.acquireNodeGpu(); console.log(h.backend + ': ' + h.adapterName + ' | maxComputeWorkgroupsPerDimension ' + h.limits.maxComputeWorkgroupsPerDimension + ' | maxStorageBufferBindingSize ' + h.limits.maxStorageBufferBindingSize); process.exit(0); })" \
  > "$OUTDIR/adapter.txt" 2>&1
summary "adapter: $(tail -1 "$OUTDIR/adapter.txt")"

summary "gpu test project (real WGSL, every file):"
elapsed gpu-tests.log timeout "$GPU_TESTS_S" "${VITEST[@]}" run --project gpu --reporter=verbose
summary "  $(cat "$OUTDIR/gpu-tests.log" "$OUTDIR/gpu-tests.log.err" | grep -E '^ +Tests +' | tail -1)"
cat "$OUTDIR/gpu-tests.log" "$OUTDIR/gpu-tests.log.err" | grep -E '(FAIL|×) ' | head -20 | tee -a "$OUTDIR/summary.txt"

summary "bench --only gpu,sweep,optimizers:"
BENCH_RUN_COUNTS=${BENCH_RUN_COUNTS:-1,10,100,1000,10000,100000} \
  elapsed bench.json timeout "$BENCH_S" "${TSX[@]}" bench/run.ts --only gpu,sweep,optimizers

# Figure B (ten seeds, PairLogLoss, the paper's 10⁵ steps) on both engines: final distance per seed.
FIGB=(run --preset paper --seeds 0..9 --loss pairlog --lr 0.1/3 --steps 100000 --init gaussian --final-only --quiet)
summary "Figure B, GPU engine:"
elapsed cli-figb-gpu.jsonl timeout "$FIGB_S" "${LAB[@]}" "${FIGB[@]}" --engine gpu
summary "Figure B, CPU engine:"
elapsed cli-figb-cpu.jsonl timeout "$FIGB_S" "${LAB[@]}" "${FIGB[@]}" --engine cpu
compare() { "${TSX[@]}" bench/compare-summaries.ts "$OUTDIR/$1" "$OUTDIR/$2" ${3:-} | tee -a "$OUTDIR/summary.txt"; }
summary "Figure B, GPU against CPU (max |difference| per metric at t = 10⁵):"
compare cli-figb-gpu.jsonl cli-figb-cpu.jsonl
[ "${2:-}" = quick ] && exit 0

# Every optimizer at t = 10⁴ on both engines: the paper's size (fused path) and Fan et al.'s
# K = 10, d = 25, N = 500 blobs (tiled path), η/√(t+1).
OPTS=(--optimizer gd,ngd,sign,spectral,nuclear,signum,muon,momentum,adam --schedule sqrt --lr 0.1 --steps 10000 --final-only --quiet)
for size in paper blobs; do
  if [ $size = paper ]; then DATA=(--preset paper --seeds 0..1 --loss pairlog); else DATA=(--preset blobs --n 500 --d 25 --k 10 --seeds 0..1 --loss ce); fi
  for engine in gpu cpu; do
    summary "optimizers, $size, $engine engine:"
    elapsed cli-opt-$size-$engine.jsonl timeout "$FIGB_S" "${LAB[@]}" run "${DATA[@]}" "${OPTS[@]}" --engine $engine
  done
  summary "optimizers, $size, GPU against CPU at t = 10⁴:"
  compare cli-opt-$size-gpu.jsonl cli-opt-$size-cpu.jsonl optimizer
done

# Past 65,535 workgroups: 70,000 runs (16 seeds × 4,375 η), the GPU engine's 2-D grid, against the
# CPU engine on every 700th run (--shard keeps the run numbers).
BIG=(run --preset paper --seeds 0..15 --loss pairlog --lr 1e-3..1:log:4375 --steps 1000 --init gaussian --final-only --quiet)
summary "70,000 runs, GPU engine:"
elapsed cli-big-gpu.jsonl timeout "$PHASE_S" "${LAB[@]}" "${BIG[@]}" --engine gpu
summary "70,000 runs, CPU engine on every 700th:"
elapsed cli-big-cpu.jsonl timeout "$PHASE_S" "${LAB[@]}" "${BIG[@]}" --engine cpu --shard 0/700
compare cli-big-gpu.jsonl cli-big-cpu.jsonl

# The Step-size phase diagram preset at its full size: 64 η × 16 seeds × 3 losses, 10⁴ steps, W(0) = 0;
# the CPU engine on every 8th run.
PHASE=(run --preset paper --seeds 0..15 --loss pairlog,ce,exp --lr 1e-3..200:log:64 --steps 10000 --init zero --final-only --quiet)
summary "phase diagram, GPU engine:"
elapsed cli-phase-gpu.jsonl timeout "$PHASE_S" "${LAB[@]}" "${PHASE[@]}" --engine gpu
summary "phase diagram, CPU engine on every 8th run:"
elapsed cli-phase-cpu.jsonl timeout "$PHASE_S" "${LAB[@]}" "${PHASE[@]}" --engine cpu --shard 0/8
summary "phase diagram, GPU against CPU:"
compare cli-phase-gpu.jsonl cli-phase-cpu.jsonl lossName
