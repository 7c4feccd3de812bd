/**
 * Resolves a parsed schema into the model the emitters work from: every struct with its TypeScript
 * name, every field with its parsed version ranges, type and default value expression.
 */
import type { FieldSpec, MessageSpec } from './schema.js';
import { isEmpty, NONE, parseRange, type Range, subtract } from './versions.js';

export const PRIMITIVES = [
  'bool',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'uuid',
  'string',
  'bytes',
  'records',
] as const;
export type Primitive = (typeof PRIMITIVES)[number];

export type FieldType =
  | { kind: 'primitive'; name: Primitive }
  | { kind: 'array'; elem: FieldType }
  | { kind: 'struct'; struct: StructModel };

export interface FieldModel {
  spec: FieldSpec;
  name: string; // camelCase of Kafka's name
  type: FieldType;
  versions: Range;
  /** Versions in which the field is written in the body (versions minus tagged versions). */
  bodyVersions: Range;
  nullable: Range;
  tagged: Range;
  tag: number | undefined;
  /** Field-level override of the message's flexible versions (RequestHeader.ClientId). */
  flexible: Range | undefined;
  /** TypeScript expression for the default value (also the value used when the field is absent). */
  defaultExpr: string;
  /** True when the field can hold null in some version. */
  canBeNull: boolean;
}

export interface StructModel {
  tsName: string;
  kafkaName: string;
  versions: Range;
  fields: FieldModel[];
  about?: string;
}

export interface MessageModel {
  spec: MessageSpec;
  tsName: string;
  valid: Range;
  flexible: Range;
  root: StructModel;
  /** Every struct, children before parents, so declarations read top-down from leaves. */
  structs: StructModel[];
}

export function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export function buildMessage(spec: MessageSpec): MessageModel {
  const valid = parseRange(spec.validVersions);
  const flexible = parseRange(spec.flexibleVersions);
  const structs: StructModel[] = [];
  const byName = new Map<string, StructModel>();
  const common = new Map((spec.commonStructs ?? []).map((s) => [s.name, s]));

  const structName = (kafkaName: string) => (kafkaName.startsWith(spec.name) ? kafkaName : `${spec.name}${kafkaName}`);

  function resolveStruct(kafkaName: string, fields: FieldSpec[] | undefined, versions: Range): StructModel {
    const existing = byName.get(kafkaName);
    if (existing) {
      // A common struct used by several fields is decoded in the hull of their versions.
      existing.versions = {
        min: Math.min(existing.versions.min, versions.min),
        max: Math.max(existing.versions.max, versions.max),
      };
      return existing;
    }
    const source = fields ?? common.get(kafkaName)?.fields;
    if (!source) throw new Error(`${spec.name}: unknown struct ${kafkaName}`);
    const model: StructModel = { tsName: structName(kafkaName), kafkaName, versions, fields: [] };
    byName.set(kafkaName, model);
    model.fields = source.map((f) => buildField(f));
    structs.push(model);
    return model;
  }

  function resolveType(f: FieldSpec, typeText: string): FieldType {
    if (typeText.startsWith('[]')) return { kind: 'array', elem: resolveType(f, typeText.slice(2)) };
    if ((PRIMITIVES as readonly string[]).includes(typeText)) return { kind: 'primitive', name: typeText as Primitive };
    return { kind: 'struct', struct: resolveStruct(typeText, f.fields, parseRange(f.versions)) };
  }

  function buildField(f: FieldSpec): FieldModel {
    const versions = parseRange(f.versions);
    const tagged = f.taggedVersions ? parseRange(f.taggedVersions) : NONE;
    const nullable = parseRange(f.nullableVersions);
    const type = resolveType(f, f.type);
    const canBeNull = f.nullableVersions !== undefined && f.nullableVersions !== 'none';
    return {
      spec: f,
      name: camel(f.name),
      type,
      versions,
      bodyVersions: subtract(versions, tagged),
      nullable,
      tagged,
      tag: f.tag === undefined ? undefined : Number(f.tag),
      flexible: f.flexibleVersions ? parseRange(f.flexibleVersions) : undefined,
      defaultExpr: defaultExpr(f, type, nullableDefault(f, versions, nullable, tagged)),
      canBeNull,
    };
  }

  const root: StructModel = { tsName: spec.name, kafkaName: spec.name, versions: valid, fields: [] };
  root.fields = spec.fields.map((f) => buildField(f));
  structs.push(root);
  return { spec, tsName: spec.name, valid, flexible, root, structs };
}

/**
 * Whether a field without a `default` in its schema defaults to null. Kafka's own generator gives
 * such a field "" or an empty list, and its handlers must remember to write null (the "no error
 * message" every Kafka client expects); here null is the default, so a response builder cannot
 * forget. Only for fields that can be null in every version they exist in (otherwise the default
 * could not be encoded in the older versions), and never for tagged fields, whose default is part
 * of the wire format (an absent tagged field reads as the schema's default).
 */
function nullableDefault(f: FieldSpec, versions: Range, nullable: Range, tagged: Range): boolean {
  if (f.default !== undefined || !isEmpty(tagged)) return false;
  return !isEmpty(nullable) && nullable.min <= versions.min && nullable.max >= versions.max;
}

function defaultExpr(f: FieldSpec, type: FieldType, nullDefault: boolean): string {
  const d = f.default;
  if (d === 'null') {
    const canBeNull = f.nullableVersions !== undefined && f.nullableVersions !== 'none';
    if (!canBeNull) throw new Error(`${f.name}: default null on a non-nullable field`);
    return 'null';
  }
  if (nullDefault) return 'null';
  if (type.kind === 'array') return '[]';
  if (type.kind === 'struct') return `default${type.struct.tsName}()`;
  switch (type.name) {
    case 'bool':
      return String(d === true || d === 'true');
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
      return d === undefined ? '0' : String(Number(typeof d === 'string' ? parseIntLiteral(d) : d));
    case 'int64':
      return `${d === undefined ? 0n : BigInt(typeof d === 'string' ? parseIntLiteral(d) : Number(d))}n`;
    case 'float64':
      return d === undefined ? '0' : String(Number(d));
    case 'uuid':
      return `'${ZERO_UUID}'`;
    case 'string':
      return JSON.stringify(d === undefined ? '' : String(d)).replace(/^"(.*)"$/, "'$1'");
    case 'bytes':
      return 'EMPTY_BYTES';
    case 'records':
      return 'null';
  }
}

function parseIntLiteral(text: string): number {
  const t = text.trim();
  const n = /^-?0x/i.test(t) ? Number.parseInt(t, 16) : Number.parseInt(t, 10);
  if (Number.isNaN(n)) throw new Error(`bad integer default ${text}`);
  return n;
}
