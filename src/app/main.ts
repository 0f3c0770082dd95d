// Entry point of the page: mounts the app and exposes the test hook `window.__lab`.
import '../../components/lab-app.ts';
import { registerOffline } from './offline.ts';
import { LabPage, type LabHook } from './page.ts';

declare global {
  interface Window {
    __lab?: LabHook;
  }
}

const page = new LabPage(document.querySelector('lab-app')!);
window.addEventListener('keydown', (e) => page.onKey(e));
window.__lab = await page.start();
registerOffline();
