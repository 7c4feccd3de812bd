/**
 * Kafka's Filter (KIP-585) and its predicates. Filter drops every record it is applied to, so it
 * is used with `predicate` (and `negate`): drop the records that match. TopicNameMatches (the
 * whole topic matches `pattern`), HasHeaderKey (a header named `name`), RecordIsTombstone (null
 * value).
 */

import { nonEmptyString } from '@samsa/common';
import { ConnectConfigDef } from '../api/connect-config-def.js';
import { ConnectError } from '../api/errors.js';
import type { Predicate, Transformation } from '../api/plugins.js';
import type { AnyRecord } from './key-or-value.js';

const EMPTY = new ConnectConfigDef([]);

export class Filter implements Transformation {
  config(): ConnectConfigDef {
    return EMPTY;
  }
  configure(): void {}
  apply(): null {
    return null;
  }
}

const TOPIC_CONFIG = new ConnectConfigDef([
  {
    name: 'pattern',
    type: 'STRING',
    validator: nonEmptyString(),
    importance: 'MEDIUM',
    doc: "A Java regular expression for matching against the name of a record's topic.",
  },
]);

export class TopicNameMatches implements Predicate {
  private pattern = /^$/;
  config(): ConnectConfigDef {
    return TOPIC_CONFIG;
  }
  configure(props: Readonly<Record<string, string>>): void {
    const p = TOPIC_CONFIG.parse(props).get('pattern')?.value as string;
    try {
      this.pattern = new RegExp(`^(?:${p})$`);
    } catch (err) {
      throw new ConnectError(
        `Invalid value ${p} for configuration pattern: entry must be a Java-compatible regular expression`,
        { code: 'CONFIG', cause: err },
      );
    }
  }
  test(r: AnyRecord): boolean {
    return r.topic !== null && this.pattern.test(r.topic);
  }
}

const HEADER_CONFIG = new ConnectConfigDef([
  { name: 'name', type: 'STRING', validator: nonEmptyString(), importance: 'MEDIUM', doc: 'The header name.' },
]);

export class HasHeaderKey implements Predicate {
  private name = '';
  config(): ConnectConfigDef {
    return HEADER_CONFIG;
  }
  configure(props: Readonly<Record<string, string>>): void {
    this.name = HEADER_CONFIG.parse(props).get('name')?.value as string;
  }
  test(r: AnyRecord): boolean {
    return r.headers.some((h) => h.key === this.name);
  }
}

export class RecordIsTombstone implements Predicate {
  config(): ConnectConfigDef {
    return EMPTY;
  }
  configure(): void {}
  test(r: AnyRecord): boolean {
    return r.value === null;
  }
}
