import { defineConfig } from 'vitest/config';

// Three projects, all in CI: unit (pure core, Node), gpu (real WGSL on Dawn's GL path, Node),
// e2e (the built site in Debian's Chromium through playwright-core). GPU and browser work is
// emulated on the CPU here, so those projects get long timeouts and run files one at a time.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      {
        test: {
          name: 'gpu',
          include: ['tests/gpu/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
