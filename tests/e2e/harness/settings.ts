// Tuning constants of the browser tests and the browser benchmark, in one place.

/** Debian's Chromium; never a downloaded browser (there is none here, and CI has no network for one). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags every launch gets: root needs --no-sandbox; the rest keep a headless CI browser quiet and offline. */
export const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const;

/** Without --enable-unsafe-webgpu Linux Chromium offers no adapter; with it, SwiftShader's. */
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu'] as const;

/** The no-WebGPU path: no unsafe flag, and WebGPU switched off outright so no adapter can appear. */
export const NO_WEBGPU_FLAGS = ['--disable-webgpu'] as const;

/** Steps for the preset runs in the tests: enough for every curve to move, quick on SwiftShader and 2 cores. */
export const E2E_STEPS = 2000;

/** float64 CPU engine in the page against the CLI's float64 CPU engine: the same code, so round-off only. */
export const CPU_REL_TOL = 1e-9;
/** f32 GPU engine (SwiftShader) against the CLI's float64 engine: the 1e-4 (measured worst
 *  at 2000 steps over all presets: 1.6e-5, Figure B). */
export const GPU_REL_TOL = 1e-4;
/** Absolute floor under the relative tolerances, for quantities that pass through zero (margins). */
export const ABS_FLOOR = 1e-12;
export const GPU_ABS_FLOOR = 1e-6;

/** How long a page may take to finish a reduced run (SwiftShader on 2 shared cores is slow). */
export const RUN_TIMEOUT_MS = 120_000;
/** How long the page may take to boot (module load, engine choice, first render). */
export const BOOT_TIMEOUT_MS = 30_000;

/** Where screenshots and other things for a human to look at go (ignored by git). */
export const ARTIFACTS_DIR = 'test-artifacts';

/** The longest gap between animation frames allowed while an experiment is prepared off the page's
 *  thread: a generous correctness bound (a frozen page shows gaps of many seconds), not a speed target. */
export const RESPONSIVE_FRAME_MS = 1000;
