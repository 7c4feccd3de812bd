/**
 * The record-at-a-time processors behind KStream's stateless operations: each is a supplier of a
 * processor that transforms or drops a record and forwards the result with the input's timestamp
 * and headers (as Kafka's do).
 */
import type { ProcessorContext, ProcessorSupplier, StreamRecord } from '../processor/processor.js';

type Out = ProcessorContext<unknown, unknown>;

/** A processor from one function of (record, context). */
export function perRecord<K, V>(
  fn: (record: StreamRecord<K, V>, ctx: Out) => void,
): ProcessorSupplier<K, V, unknown, unknown> {
  return () => {
    let ctx: Out;
    return {
      init(c) {
        ctx = c as Out;
      },
      process(record) {
        fn(record, ctx);
      },
    };
  };
}

export const filterProcessor = <K, V>(predicate: (key: K, value: V) => boolean, negate: boolean) =>
  perRecord<K, V>((r, ctx) => {
    if (predicate(r.key, r.value) !== negate) ctx.forward(r);
  });

export const mapProcessor = <K, V, KR, VR>(mapper: (key: K, value: V) => [KR, VR]) =>
  perRecord<K, V>((r, ctx) => {
    const [key, value] = mapper(r.key, r.value);
    ctx.forward({ ...r, key, value });
  });

export const mapValuesProcessor = <K, V, VR>(mapper: (value: V, key: K) => VR) =>
  perRecord<K, V>((r, ctx) => ctx.forward({ ...r, value: mapper(r.value, r.key) }));

export const flatMapProcessor = <K, V, KR, VR>(mapper: (key: K, value: V) => Iterable<[KR, VR]>) =>
  perRecord<K, V>((r, ctx) => {
    for (const [key, value] of mapper(r.key, r.value)) ctx.forward({ ...r, key, value });
  });

export const flatMapValuesProcessor = <K, V, VR>(mapper: (value: V, key: K) => Iterable<VR>) =>
  perRecord<K, V>((r, ctx) => {
    for (const value of mapper(r.value, r.key)) ctx.forward({ ...r, value });
  });

export const selectKeyProcessor = <K, V, KR>(selector: (key: K, value: V) => KR) =>
  perRecord<K, V>((r, ctx) => ctx.forward({ ...r, key: selector(r.key, r.value) }));

export const peekProcessor = <K, V>(action: (key: K, value: V) => void) =>
  perRecord<K, V>((r, ctx) => {
    action(r.key, r.value);
    ctx.forward(r);
  });

export const foreachProcessor = <K, V>(action: (key: K, value: V) => void) =>
  perRecord<K, V>((r) => action(r.key, r.value));

export const passThroughProcessor = <K, V>() => perRecord<K, V>((r, ctx) => ctx.forward(r));

/** Before a repartition topic: records with a null key have no partition to go to and are dropped, as Kafka does. */
export const dropNullKeysProcessor = <K, V>() =>
  perRecord<K, V>((r, ctx) => {
    if (r.key !== null && r.key !== undefined) ctx.forward(r);
  });
