// Every size and range bound of the lab in one place: the URL codec, the CLI, the data importer
// and the generators all check against these before anything is allocated.
export const LIMITS = {
  n: { min: 2, max: 100_000 },
  d: { min: 1, max: 1000 },
  k: { min: 2, max: 100 },
  /** N·d, the number of feature values held in memory (and on the GPU) */
  cells: 2e7,
  seeds: { count: 64, min: 0, max: 2 ** 32 - 1 },
  /** seeds × losses × optimizers × lrs */
  runs: 256,
  steps: { min: 1, max: 1e8 },
  /** η must be > min and ≤ max */
  lr: { min: 0, max: 1e6 },
  margin: { min: 0, max: 10 },
  snapshots: 8,
} as const;
