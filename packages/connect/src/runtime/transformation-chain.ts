/**
 * A connector's transforms in order (Kafka's TransformationChain), each optionally guarded by a
 * predicate (`transforms.<alias>.predicate`, `transforms.<alias>.negate`, KIP-585). A transform
 * that returns null drops the record and ends the chain.
 */

import { ConnectError } from '../api/errors.js';
import type { Predicate, Transformation } from '../api/plugins.js';
import type { SinkRecord, SourceRecord } from '../api/records.js';
import { aliases } from './connector-config.js';
import { withPrefix } from './converter-set.js';
import type { Plugins } from './plugins.js';

type AnyRecord = SourceRecord | SinkRecord;

interface Stage {
  alias: string;
  transform: Transformation;
  predicate: Predicate | null;
  negate: boolean;
}

export class TransformationChain {
  constructor(private readonly stages: readonly Stage[]) {}

  static fromConfig(config: Readonly<Record<string, string>>, plugins: Plugins): TransformationChain {
    const predicates = new Map<string, Predicate>();
    for (const alias of aliases(config.predicates)) {
      const props = withPrefix(config, `predicates.${alias}.`);
      if (!props.type) throw new ConnectError(`Predicate ${alias} has no 'type'`, { code: 'CONFIG' });
      const p = plugins.predicate(props.type);
      p.configure(props);
      predicates.set(alias, p);
    }
    const stages = aliases(config.transforms).map((alias): Stage => {
      const props = withPrefix(config, `transforms.${alias}.`);
      if (!props.type) throw new ConnectError(`Transformation ${alias} has no 'type'`, { code: 'CONFIG' });
      const transform = plugins.transformation(props.type);
      transform.configure(props);
      let predicate: Predicate | null = null;
      if (props.predicate) {
        predicate = predicates.get(props.predicate) ?? null;
        if (!predicate)
          throw new ConnectError(`Transformation ${alias} names an undefined predicate ${props.predicate}`, {
            code: 'CONFIG',
          });
      }
      return { alias, transform, predicate, negate: props.negate === 'true' };
    });
    return new TransformationChain(stages);
  }

  get size(): number {
    return this.stages.length;
  }

  /** The record after every stage, or null when a stage dropped it. */
  apply<R extends AnyRecord>(record: R): R | null {
    let r: AnyRecord | null = record;
    for (const s of this.stages) {
      if (r === null) return null;
      if (s.predicate && s.predicate.test(r) === s.negate) continue;
      r = s.transform.apply(r);
    }
    return r as R | null;
  }

  close(): void {
    for (const s of this.stages) {
      s.transform.close?.();
      s.predicate?.close?.();
    }
  }
}
