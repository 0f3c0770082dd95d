import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** HiGHS's WebAssembly is 3.5 MB; Workbox refuses to precache files over 2 MiB unless told. */
const MAX_PRECACHE_BYTES = 8 * 1024 * 1024;

// A static site that can be hosted from any folder: relative asset paths, ES-module workers
// (the CPU engine runs in one when WebGPU is missing). After one visit it also runs offline: a
// service worker (Workbox's generateSW) precaches the page, its workers and HiGHS's WebAssembly.
// An update never reloads the page by itself: src/app/offline.ts asks in the banner.
export default defineConfig({
  base: './',
  build: { target: 'es2022', outDir: 'dist', sourcemap: true },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  plugins: [
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Implicit Bias Lab',
        short_name: 'Implicit Bias',
        description:
          'Gradient descent on separable multiclass data converging in direction to the hard-margin multiclass SVM (Ravi, Scott, Soudry, Wang, NeurIPS 2024).',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1a355e',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,svg}'],
        maximumFileSizeToCacheInBytes: MAX_PRECACHE_BYTES,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false,
      },
    }),
  ],
});
