/** Kafka's single message transforms and predicates, by their class names. */
import type { Predicate, Transformation } from '../api/plugins.js';
import { Cast } from './cast.js';
import { ExtractField } from './extract-field.js';
import { Filter, HasHeaderKey, RecordIsTombstone, TopicNameMatches } from './filter.js';
import { Flatten } from './flatten.js';
import { HoistField } from './hoist-field.js';
import { InsertField } from './insert-field.js';
import { MaskField } from './mask-field.js';
import { ReplaceField } from './replace-field.js';
import { RegexRouter, TimestampRouter } from './routers.js';
import { TimestampConverter } from './timestamp-converter.js';
import { ValueToKey } from './value-to-key.js';

export {
  Cast,
  ExtractField,
  Filter,
  Flatten,
  HasHeaderKey,
  HoistField,
  InsertField,
  MaskField,
  RecordIsTombstone,
  RegexRouter,
  ReplaceField,
  TimestampConverter,
  TimestampRouter,
  TopicNameMatches,
  ValueToKey,
};

const P = 'org.apache.kafka.connect.transforms.';
type KeyValueCtor = new (isKey: boolean) => Transformation;

const keyValue = (name: string, ctor: KeyValueCtor): Array<[string, () => Transformation]> => [
  [`${P}${name}$Key`, () => new ctor(true)],
  [`${P}${name}$Value`, () => new ctor(false)],
];

export const BUNDLED_TRANSFORMS: Array<[string, () => Transformation]> = [
  ...keyValue('Cast', Cast),
  ...keyValue('ExtractField', ExtractField),
  ...keyValue('Flatten', Flatten),
  ...keyValue('HoistField', HoistField),
  ...keyValue('InsertField', InsertField),
  ...keyValue('MaskField', MaskField),
  ...keyValue('ReplaceField', ReplaceField),
  ...keyValue('TimestampConverter', TimestampConverter),
  [`${P}Filter`, () => new Filter()],
  [`${P}RegexRouter`, () => new RegexRouter()],
  [`${P}TimestampRouter`, () => new TimestampRouter()],
  [`${P}ValueToKey`, () => new ValueToKey()],
];

export const BUNDLED_PREDICATES: Array<[string, () => Predicate]> = [
  [`${P}predicates.TopicNameMatches`, () => new TopicNameMatches()],
  [`${P}predicates.HasHeaderKey`, () => new HasHeaderKey()],
  [`${P}predicates.RecordIsTombstone`, () => new RecordIsTombstone()],
];
