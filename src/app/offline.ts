// The page offline after one visit: the service worker that vite-plugin-pwa generates (vite.config.ts,
// Workbox's generateSW) precaches the page, its workers and HiGHS's WebAssembly. An update never
// reloads a running experiment: a new worker waits, the banner says "a new version is ready — reload",
// and only that button hands it the page (and reloads it, the experiment's link kept in the URL).
import { Workbox } from 'workbox-window';
import type { LabBanners } from '../../components/lab-banners.ts';

/** The banners element inside the page's <lab-app>, once it has rendered. */
function banners(): LabBanners | null {
  return document.querySelector('lab-app')?.shadowRoot?.querySelector('lab-banners') ?? null;
}

/**
 * Registers the service worker (`sw.js` beside the page, so the site works from any sub-path). Not in
 * Vite's dev server, which builds no service worker, nor in a browser without service workers (or on
 * plain http to another host, which is no secure context).
 */
export function registerOffline(): void {
  // import.meta.hot exists only under Vite's dev server (import.meta.env.PROD would also turn a build
  // made under NODE_ENV=test, as the e2e tests make it, into one without offline use)
  if (import.meta.hot || !('serviceWorker' in navigator)) return;
  const workbox = new Workbox('./sw.js', { scope: './' });
  workbox.addEventListener('waiting', () => {
    const element = banners();
    if (!element) return;
    element.updateReady = true;
    element.addEventListener(
      'lab-reload-update',
      () => {
        workbox.addEventListener('controlling', () => window.location.reload());
        workbox.messageSkipWaiting();
      },
      { once: true },
    );
  });
  workbox.register().catch((err: unknown) => {
    // the page works without it, only not offline: a note for whoever looks, nothing in the way
    console.warn(`offline use unavailable: ${(err as Error)?.message ?? String(err)}`);
  });
}
