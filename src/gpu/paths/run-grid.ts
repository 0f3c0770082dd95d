// One workgroup per run on a 2-D grid: a dispatch's dimension holds at most
// maxComputeWorkgroupsPerDimension workgroups (65,535 by default), fewer than a large sweep's runs.
// The kernels read their run as wid.y · grid.x + wid.x and skip the last row's overhang.

/** [x, y] workgroups for `runs` runs, x ≤ `perDimension`, x·y ≥ runs with less than one row spare. */
export function runGrid(runs: number, perDimension: number): [number, number] {
  const limit = Math.max(1, Math.floor(perDimension));
  const x = Math.max(1, Math.min(runs, limit));
  const y = Math.max(1, Math.ceil(runs / x));
  if (y > limit) throw new Error(`${runs} runs need a ${x}×${y} grid, beyond ${limit} workgroups per dimension`);
  return [x, y];
}
