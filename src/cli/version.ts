// The package's version, read from its package.json: two folders up from this file both in a checkout
// (src/cli/version.ts) and in the installed package (dist-cli/cli/version.js, see tsconfig.cli.json).
import { readFileSync } from 'node:fs';

/** package.json's "version", e.g. "0.1.0". */
export function labVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  if (typeof manifest.version !== 'string') throw new Error('package.json has no "version"');
  return manifest.version;
}
