// Builds the console's pages into dist/web, which the console server serves (server/static-files.ts).
// Run by the root `npm run build` (and so by `npm install`'s prepare): nothing built is committed.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Deterministic output for the same sources and lock file: hashed names, no build time inside.
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
});
