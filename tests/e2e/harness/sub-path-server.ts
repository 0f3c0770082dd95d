// The built site the way GitHub Pages serves a project (https://USER.github.io/REPO/): mounted under a
// sub-path of a plain static server, with nothing at the root. A page that asks for an absolute path
// (/assets/…, /sw.js) gets a 404 here, where Vite's preview server (mounted at /) would have served it.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { ServedSite } from './site.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.wgsl': 'text/plain; charset=utf-8',
};

/** What the server was asked for outside the mount (each a path a sub-path deployment would miss). */
export interface SubPathSite extends ServedSite {
  readonly missed: string[];
  /**
   * Appended to sw.js as a comment when set: a service worker that differs by a byte, the way a new
   * deployment looks to a browser that checks for an update.
   */
  swSuffix: string;
}

/** Serves `dir` at http://127.0.0.1:PORT/<mount>/ (mount like 'implicit-bias-lab'), on a port the OS picks. */
export async function serveUnderSubPath(dir: string, mount: string): Promise<SubPathSite> {
  const prefix = `/${mount}/`;
  const missed: string[] = [];
  const site = { swSuffix: '' };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    if (path === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      missed.push(path);
      res.writeHead(404).end('not under the mount');
      return;
    }
    const relative = normalize(path.slice(prefix.length) || 'index.html');
    const file = join(dir, relative.endsWith(sep) || relative === '.' ? join(relative, 'index.html') : relative);
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      missed.push(path);
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (relative === 'sw.js' && site.swSuffix) res.end(`${readFileSync(file, 'utf8')}\n// ${site.swSuffix}\n`);
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(site, {
    url: `http://127.0.0.1:${port}${prefix}`,
    missed,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}
