/**
 * `plugin.path`: directories of plug-ins. Each entry is an npm package directory (with a
 * package.json), or a directory of them; a package's exports that are Connector, Converter,
 * Transformation or Predicate classes are registered under the export's static `className` (or
 * the class name), so a connector written with @samsa/connect/api alone installs by dropping its
 * package there.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '@samsa/common';
import type { PluginKind, Plugins } from './plugins.js';

async function isPackage(dir: string): Promise<boolean> {
  return stat(join(dir, 'package.json')).then(
    (s) => s.isFile(),
    () => false,
  );
}

/**
 * What kind of plug-in an export is, by shape rather than instanceof: a package on plugin.path may
 * carry its own copy of @samsa/connect/api.
 */
function kindOf(value: unknown): PluginKind | null {
  if (typeof value !== 'function') return null;
  const p = (value as { prototype?: Record<string, unknown> }).prototype;
  if (!p) return null;
  if (typeof p.taskClass === 'function' && typeof p.taskConfigs === 'function') {
    try {
      const type = new (value as new () => { type?: unknown })().type;
      return type === 'source' || type === 'sink' ? type : null;
    } catch {
      return null;
    }
  }
  if (typeof p.fromConnectData === 'function' && typeof p.toConnectData === 'function') return 'converter';
  if (typeof p.fromConnectHeader === 'function') return 'header_converter';
  if (typeof p.apply === 'function' && typeof p.config === 'function') return 'transformation';
  if (typeof p.test === 'function' && typeof p.config === 'function') return 'predicate';
  return null;
}

export async function loadPluginPath(plugins: Plugins, paths: readonly string[], logger: Logger): Promise<void> {
  for (const raw of paths) {
    const root = resolve(raw.trim());
    const dirs = (await isPackage(root))
      ? [root]
      : await readdir(root).then(
          (names) => names.map((n) => join(root, n)),
          () => [],
        );
    for (const dir of dirs) {
      if (!(await isPackage(dir))) continue;
      try {
        const mod = (await import(pathToFileURL(await entryOf(dir)).href)) as Record<string, unknown>;
        for (const [exportName, value] of Object.entries(mod)) {
          const kind = kindOf(value);
          if (!kind) continue;
          const ctor = value as (new () => unknown) & { className?: string; version?: string };
          const className = ctor.className ?? exportName;
          plugins.add({ className, kind, version: ctor.version ?? '0.0.0', create: () => new ctor() });
          logger.info({ plugin: className, kind, dir }, 'loaded plugin');
        }
      } catch (err) {
        logger.warn({ err, dir }, 'could not load plugin package');
      }
    }
  }
}

/** A package's entry module: exports["."] (its "import"/"default"), else main, else index.js. */
async function entryOf(dir: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
    main?: string;
    exports?: string | Record<string, unknown>;
  };
  let entry: unknown = pkg.exports;
  if (entry && typeof entry === 'object') entry = (entry as Record<string, unknown>)['.'] ?? entry;
  if (entry && typeof entry === 'object') {
    const e = entry as Record<string, unknown>;
    entry = e.import ?? e.default ?? e.node;
  }
  return join(dir, typeof entry === 'string' ? entry : (pkg.main ?? 'index.js'));
}
