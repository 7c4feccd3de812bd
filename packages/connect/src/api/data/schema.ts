/**
 * Kafka Connect's Schema: the type of a key, a value or a field, independent of any serialization.
 * Types by Kafka's Schema.Type names. A schema may carry a name (logical types such as
 * org.apache.kafka.connect.data.Decimal are named schemas over a primitive), a version, a doc,
 * parameters and a default. Schemas are immutable; SchemaBuilder makes them.
 *
 * JS values per type: INT8/16/32, FLOAT32/64 → number; INT64 → number (a safe integer) or bigint;
 * BOOLEAN → boolean; STRING → string; BYTES → Buffer (any Uint8Array accepted); ARRAY → array;
 * MAP → Map (a plain object is accepted for string keys); STRUCT → Struct. Logical types use their
 * own JS value (logical-types.ts).
 */
export type SchemaType =
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FLOAT32'
  | 'FLOAT64'
  | 'BOOLEAN'
  | 'STRING'
  | 'BYTES'
  | 'ARRAY'
  | 'MAP'
  | 'STRUCT';

export const PRIMITIVE_TYPES: ReadonlySet<SchemaType> = new Set([
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FLOAT32',
  'FLOAT64',
  'BOOLEAN',
  'STRING',
  'BYTES',
]);

export interface Field {
  readonly name: string;
  readonly index: number;
  readonly schema: Schema;
}

export interface Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  /** undefined: no default. */
  readonly defaultValue: unknown;
  readonly name: string | null;
  readonly version: number | null;
  readonly doc: string | null;
  readonly parameters: Readonly<Record<string, string>> | null;
  /** MAP only. */
  readonly keySchema: Schema | null;
  /** MAP and ARRAY only. */
  readonly valueSchema: Schema | null;
  /** STRUCT only (empty otherwise). */
  readonly fields: readonly Field[];
  field(name: string): Field | null;
}

export class ConnectSchema implements Schema {
  readonly #byName: Map<string, Field>;

  constructor(
    readonly type: SchemaType,
    readonly optional = false,
    readonly defaultValue: unknown = undefined,
    readonly name: string | null = null,
    readonly version: number | null = null,
    readonly doc: string | null = null,
    readonly parameters: Readonly<Record<string, string>> | null = null,
    readonly fields: readonly Field[] = [],
    readonly keySchema: Schema | null = null,
    readonly valueSchema: Schema | null = null,
  ) {
    this.#byName = new Map(fields.map((f) => [f.name, f]));
  }

  field(name: string): Field | null {
    return this.#byName.get(name) ?? null;
  }

  toString(): string {
    return this.name ? `Schema{${this.name}:${this.type}}` : `Schema{${this.type}}`;
  }
}

/** Kafka's Schema.*_SCHEMA constants. */
export const Schemas = {
  INT8_SCHEMA: new ConnectSchema('INT8'),
  INT16_SCHEMA: new ConnectSchema('INT16'),
  INT32_SCHEMA: new ConnectSchema('INT32'),
  INT64_SCHEMA: new ConnectSchema('INT64'),
  FLOAT32_SCHEMA: new ConnectSchema('FLOAT32'),
  FLOAT64_SCHEMA: new ConnectSchema('FLOAT64'),
  BOOLEAN_SCHEMA: new ConnectSchema('BOOLEAN'),
  STRING_SCHEMA: new ConnectSchema('STRING'),
  BYTES_SCHEMA: new ConnectSchema('BYTES'),
  OPTIONAL_INT8_SCHEMA: new ConnectSchema('INT8', true),
  OPTIONAL_INT16_SCHEMA: new ConnectSchema('INT16', true),
  OPTIONAL_INT32_SCHEMA: new ConnectSchema('INT32', true),
  OPTIONAL_INT64_SCHEMA: new ConnectSchema('INT64', true),
  OPTIONAL_FLOAT32_SCHEMA: new ConnectSchema('FLOAT32', true),
  OPTIONAL_FLOAT64_SCHEMA: new ConnectSchema('FLOAT64', true),
  OPTIONAL_BOOLEAN_SCHEMA: new ConnectSchema('BOOLEAN', true),
  OPTIONAL_STRING_SCHEMA: new ConnectSchema('STRING', true),
  OPTIONAL_BYTES_SCHEMA: new ConnectSchema('BYTES', true),
} as const;

/** Structural equality, as Kafka's ConnectSchema.equals. */
export function schemaEquals(a: Schema | null, b: Schema | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.type !== b.type || a.optional !== b.optional || a.name !== b.name || a.version !== b.version) return false;
  if (a.doc !== b.doc || JSON.stringify(a.parameters) !== JSON.stringify(b.parameters)) return false;
  if (!schemaEquals(a.keySchema, b.keySchema) || !schemaEquals(a.valueSchema, b.valueSchema)) return false;
  if (a.fields.length !== b.fields.length) return false;
  return a.fields.every((f, i) => {
    const g = b.fields[i] as Field;
    return f.name === g.name && f.index === g.index && schemaEquals(f.schema, g.schema);
  });
}
