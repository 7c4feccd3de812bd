/**
 * A connector's key, value and header converters, as Kafka's Worker picks them: the connector's
 * own `key.converter` with its `key.converter.*` settings when it names one, else the worker's
 * with the worker's settings.
 */
import type { Converter, HeaderConverter } from '../api/plugins.js';
import type { Plugins } from './plugins.js';
import type { WorkerSettings } from './worker-config.js';

export interface ConverterSet {
  key: Converter;
  value: Converter;
  header: HeaderConverter;
  /** The canonical class names, for error reports (the DLQ's __connect.errors.class.name). */
  classNames: { key: string; value: string; header: string };
}

export function withPrefix(props: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

export function convertersFor(
  config: Readonly<Record<string, string>>,
  worker: WorkerSettings,
  plugins: Plugins,
): ConverterSet {
  const pick = (key: string, workerDefault: string): [string, Record<string, string>] =>
    config[key]
      ? [config[key] as string, withPrefix(config, `${key}.`)]
      : [workerDefault, withPrefix(worker.originals, `${key}.`)];
  const [keyClass, keyProps] = pick('key.converter', worker.keyConverter);
  const [valueClass, valueProps] = pick('value.converter', worker.valueConverter);
  const [headerClass, headerProps] = pick('header.converter', worker.headerConverter);
  const key = plugins.converter(keyClass);
  key.configure({ ...keyProps, 'converter.type': 'key' }, true);
  const value = plugins.converter(valueClass);
  value.configure({ ...valueProps, 'converter.type': 'value' }, false);
  const header = plugins.headerConverter(headerClass);
  header.configure({ ...headerProps, 'converter.type': 'header' });
  const canonical = (name: string): string => plugins.find(name)?.className ?? name;
  return {
    key,
    value,
    header,
    classNames: { key: canonical(keyClass), value: canonical(valueClass), header: canonical(headerClass) },
  };
}
