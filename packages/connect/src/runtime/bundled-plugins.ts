/** What a worker offers without plugin.path: Kafka's FileStream connectors, converters and transforms. */

import { FILE_VERSION } from '../connectors/file/file-version.js';
import { FileStreamSinkConnector, FileStreamSourceConnector } from '../connectors/file/index.js';
import { ByteArrayConverter, JsonConverter, SimpleHeaderConverter, StringConverter } from '../converters/index.js';
import { BUNDLED_PREDICATES, BUNDLED_TRANSFORMS } from '../transforms/index.js';
import { Plugins } from './plugins.js';

export function bundledPlugins(): Plugins {
  const p = new Plugins();
  const v = FILE_VERSION;
  p.add({
    className: FileStreamSinkConnector.className,
    kind: 'sink',
    version: v,
    create: () => new FileStreamSinkConnector(),
  });
  p.add({
    className: FileStreamSourceConnector.className,
    kind: 'source',
    version: v,
    create: () => new FileStreamSourceConnector(),
  });
  const converters: Array<[string, () => unknown, boolean]> = [
    ['org.apache.kafka.connect.json.JsonConverter', () => new JsonConverter(), true],
    ['org.apache.kafka.connect.storage.StringConverter', () => new StringConverter(), true],
    ['org.apache.kafka.connect.converters.ByteArrayConverter', () => new ByteArrayConverter(), true],
  ];
  for (const [className, create] of converters) p.add({ className, kind: 'converter', version: v, create });
  p.add({
    className: 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
    kind: 'header_converter',
    version: v,
    create: () => new SimpleHeaderConverter(),
  });
  for (const [className, create] of BUNDLED_TRANSFORMS)
    p.add({ className, kind: 'transformation', version: v, create });
  for (const [className, create] of BUNDLED_PREDICATES) p.add({ className, kind: 'predicate', version: v, create });
  return p;
}
