/**
 * Kafka's topic routers: RegexRouter (a topic matching `regex` entirely is renamed by `replacement`,
 * with $1-style group references) and TimestampRouter (`topic.format` with ${topic} and
 * ${timestamp}, the record's timestamp written by `timestamp.format`, UTC).
 */
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { DataError } from '../api/errors.js';
import type { Transformation } from '../api/plugins.js';
import { formatDate } from './date-format.js';
import type { AnyRecord } from './key-or-value.js';

const REGEX_CONFIG = new ConnectConfigDef([
  { name: 'regex', type: 'STRING', importance: 'HIGH', doc: 'Regular expression to use for matching.' },
  { name: 'replacement', type: 'STRING', importance: 'HIGH', doc: 'Replacement string.' },
]);

export class RegexRouter implements Transformation {
  private regex = /^$/;
  private replacement = '';

  config(): ConnectConfigDef {
    return REGEX_CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    const p = REGEX_CONFIG.parse(props);
    this.regex = new RegExp(`^(?:${p.get('regex')?.value as string})$`);
    this.replacement = p.get('replacement')?.value as string;
  }

  apply<R extends AnyRecord>(r: R): R {
    if (!this.regex.test(r.topic)) return r;
    return r.newRecord({ topic: r.topic.replace(this.regex, this.replacement) }) as R;
  }
}

const TIMESTAMP_CONFIG = new ConnectConfigDef([
  {
    name: 'topic.format',
    type: 'STRING',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's own ${...} placeholder syntax
    default: '${topic}-${timestamp}',
    importance: 'HIGH',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's own ${...} placeholder syntax
    doc: 'Format string which can contain ${topic} and ${timestamp} as placeholders for the topic and timestamp, respectively.',
  },
  {
    name: 'timestamp.format',
    type: 'STRING',
    default: 'yyyyMMdd',
    importance: 'HIGH',
    doc: 'Format string for the timestamp that is compatible with java.text.SimpleDateFormat.',
  },
]);

export class TimestampRouter implements Transformation {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Kafka's own ${...} placeholder syntax
  private topicFormat = '${topic}-${timestamp}';
  private timestampFormat = 'yyyyMMdd';

  config(): ConnectConfigDef {
    return TIMESTAMP_CONFIG;
  }

  configure(props: Readonly<Record<string, string>>): void {
    const p = TIMESTAMP_CONFIG.parse(props);
    this.topicFormat = p.get('topic.format')?.value as string;
    this.timestampFormat = p.get('timestamp.format')?.value as string;
  }

  apply<R extends AnyRecord>(r: R): R {
    if (r.timestamp === null) throw new DataError(`Timestamp missing on record: ${r.topic}`);
    const ts = formatDate(this.timestampFormat, new Date(r.timestamp));
    const topic = this.topicFormat.replace(/\$\{topic\}/g, r.topic).replace(/\$\{timestamp\}/g, ts);
    return r.newRecord({ topic }) as R;
  }
}
