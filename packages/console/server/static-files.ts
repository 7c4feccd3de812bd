/**
 * Serves the built web pages (dist/web, made by `npm run build`'s Vite step). The file list is read
 * once at start, so only files that exist there can be served (no path from a URL reaches the file
 * system). Any other GET outside /api answers index.html, the single page that routes in the
 * browser. Pages carry headers that keep other sites from framing them (clickjacking) or loading
 * scripts from elsewhere.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpApp } from '@samsa/common/http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** dist/web beside dist/server (this file's compiled folder). */
export const WEB_ROOT = fileURLToPath(new URL('../web/', import.meta.url));

function listFiles(dir: string, out: Map<string, string>, root = dir): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listFiles(path, out, root);
    else out.set(`/${relative(root, path).split(sep).join('/')}`, path);
  }
}

export function staticRoutes(app: HttpApp, root = WEB_ROOT): void {
  const files = new Map<string, string>();
  if (existsSync(root)) listFiles(root, files);
  const index = files.get('/index.html');
  app.get('/*', (req, reply) => {
    const path = req.url.split('?')[0] as string;
    if (path.startsWith('/api/')) return reply.code(404).send({ error_code: 404, message: 'HTTP 404 Not Found' });
    const file = files.get(path) ?? index;
    if (!file) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console web pages are not built: run `npm run build` (or `npm install`) at the repository root.');
    }
    const hashed = file !== index && path.startsWith('/assets/');
    return reply
      .headers(SECURITY_HEADERS)
      .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      .type(TYPES[extname(file)] ?? 'application/octet-stream')
      .send(readFileSync(file));
  });
}
