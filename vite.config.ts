import { defineConfig } from 'vite';

// A static site that can be hosted from any folder: relative asset paths, ES-module workers
// (the CPU engine runs in one when WebGPU is missing).
export default defineConfig({
  base: './',
  build: { target: 'es2022', outDir: 'dist', sourcemap: true },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
