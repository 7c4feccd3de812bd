/**
 * The plug-ins a worker can instantiate, found by the names Kafka accepts: the full Java class
 * name (org.apache.kafka.connect.file.FileStreamSourceConnector), the simple name
 * (FileStreamSourceConnector) and, for connectors, the simple name without its "Connector" suffix
 * (FileStreamSource). Bundled plug-ins are registered here; npm packages on `plugin.path` add
 * theirs (plugin-path.ts). Owned by the worker; filled at start, read-only afterwards.
 */
import type { Connector } from '../api/connector.js';
import { ConnectError } from '../api/errors.js';
import type { Converter, HeaderConverter, Predicate, Transformation } from '../api/plugins.js';

export type PluginKind = 'source' | 'sink' | 'converter' | 'header_converter' | 'transformation' | 'predicate';

export interface PluginDesc<T = unknown> {
  /** Kafka's canonical class name (the `class` of GET /connector-plugins). */
  className: string;
  kind: PluginKind;
  version: string;
  create: () => T;
}

export type ConnectorPlugin = PluginDesc<Connector>;

export class Plugins {
  readonly #byAlias = new Map<string, PluginDesc>();
  readonly #all: PluginDesc[] = [];

  add(desc: PluginDesc): void {
    this.#all.push(desc);
    const simple = desc.className.slice(desc.className.lastIndexOf('.') + 1);
    const aliases = [desc.className, simple];
    if (simple.endsWith('Connector')) aliases.push(simple.slice(0, -'Connector'.length));
    // Nested Java classes (InsertField$Value) are also written with a dot.
    if (desc.className.includes('$')) aliases.push(desc.className.replace('$', '.'));
    for (const a of aliases) if (!this.#byAlias.has(a)) this.#byAlias.set(a, desc);
  }

  list(kinds?: readonly PluginKind[]): PluginDesc[] {
    return this.#all.filter((d) => !kinds || kinds.includes(d.kind));
  }

  find(name: string): PluginDesc | undefined {
    return this.#byAlias.get(name.trim());
  }

  connector(name: string): ConnectorPlugin {
    const d = this.find(name);
    if (!d || (d.kind !== 'source' && d.kind !== 'sink')) {
      throw new ConnectError(
        `Failed to find any class that implements Connector and which name matches ${name}, available connectors are: ${this.list(
          ['source', 'sink'],
        )
          .map(
            (p) =>
              `PluginDesc{klass=class ${p.className}, name='${p.className}', version='${p.version}', type=${p.kind}}`,
          )
          .join(', ')}`,
        { code: 'NOT_FOUND' },
      );
    }
    return d as ConnectorPlugin;
  }

  private instance<T>(name: string, kinds: PluginKind[], what: string): T {
    const d = this.find(name);
    if (!d || !kinds.includes(d.kind)) {
      throw new ConnectError(`Class ${name} cannot be found or is not a ${what}`, { code: 'NOT_FOUND' });
    }
    return d.create() as T;
  }

  converter(name: string): Converter {
    return this.instance(name, ['converter'], 'Converter');
  }

  headerConverter(name: string): HeaderConverter {
    return this.instance(name, ['header_converter', 'converter'], 'HeaderConverter');
  }

  transformation(name: string): Transformation {
    return this.instance(name, ['transformation'], 'Transformation');
  }

  predicate(name: string): Predicate {
    return this.instance(name, ['predicate'], 'Predicate');
  }
}
