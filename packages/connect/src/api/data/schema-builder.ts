/**
 * Kafka's SchemaBuilder: builds a Schema fluently, `SchemaBuilder.struct().name('x').field('id',
 * Schemas.INT32_SCHEMA).build()`. Each property may be set once, as in Kafka; a builder is itself
 * usable where a Schema is expected only after build().
 */
import { DataError } from '../errors.js';
import { ConnectSchema, type Field, type Schema, type SchemaType } from './schema.js';
import { validateValue } from './validate-value.js';

export class SchemaBuilder {
  #optional = false;
  #default: unknown = undefined;
  #name: string | null = null;
  #version: number | null = null;
  #doc: string | null = null;
  #parameters: Record<string, string> | null = null;
  readonly #fields: Field[] = [];

  constructor(
    readonly type: SchemaType,
    private readonly keySchema: Schema | null = null,
    private readonly valueSchema: Schema | null = null,
  ) {}

  static int8(): SchemaBuilder {
    return new SchemaBuilder('INT8');
  }
  static int16(): SchemaBuilder {
    return new SchemaBuilder('INT16');
  }
  static int32(): SchemaBuilder {
    return new SchemaBuilder('INT32');
  }
  static int64(): SchemaBuilder {
    return new SchemaBuilder('INT64');
  }
  static float32(): SchemaBuilder {
    return new SchemaBuilder('FLOAT32');
  }
  static float64(): SchemaBuilder {
    return new SchemaBuilder('FLOAT64');
  }
  static bool(): SchemaBuilder {
    return new SchemaBuilder('BOOLEAN');
  }
  static string(): SchemaBuilder {
    return new SchemaBuilder('STRING');
  }
  static bytes(): SchemaBuilder {
    return new SchemaBuilder('BYTES');
  }
  static struct(): SchemaBuilder {
    return new SchemaBuilder('STRUCT');
  }
  static array(valueSchema: Schema): SchemaBuilder {
    return new SchemaBuilder('ARRAY', null, valueSchema);
  }
  static map(keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    return new SchemaBuilder('MAP', keySchema, valueSchema);
  }
  static type(type: SchemaType): SchemaBuilder {
    return new SchemaBuilder(type);
  }

  /** A builder preset from `schema` (Kafka's SchemaUtil.copySchemaBasics, plus fields). */
  static from(schema: Schema, withFields = true): SchemaBuilder {
    const b = new SchemaBuilder(schema.type, schema.keySchema, schema.valueSchema);
    if (schema.name !== null) b.name(schema.name);
    if (schema.version !== null) b.version(schema.version);
    if (schema.doc !== null) b.doc(schema.doc);
    if (schema.parameters) b.parameters(schema.parameters);
    if (schema.optional) b.optional();
    if (withFields) for (const f of schema.fields) b.field(f.name, f.schema);
    return b;
  }

  optional(): this {
    this.#optional = true;
    return this;
  }
  required(): this {
    this.#optional = false;
    return this;
  }
  defaultValue(value: unknown): this {
    this.#default = value;
    return this;
  }
  name(name: string): this {
    this.#name = name;
    return this;
  }
  version(version: number): this {
    this.#version = version;
    return this;
  }
  doc(doc: string): this {
    this.#doc = doc;
    return this;
  }
  parameter(key: string, value: string): this {
    this.#parameters ??= {};
    this.#parameters[key] = value;
    return this;
  }
  parameters(params: Readonly<Record<string, string>>): this {
    for (const [k, v] of Object.entries(params)) this.parameter(k, v);
    return this;
  }

  field(name: string, schema: Schema | SchemaBuilder): this {
    if (this.type !== 'STRUCT') throw new DataError('Cannot create fields on type ' + this.type);
    if (!name) throw new DataError('fieldName cannot be null.');
    if (this.#fields.some((f) => f.name === name)) throw new DataError(`Cannot create field because of field name duplication ${name}`);
    const s = schema instanceof SchemaBuilder ? schema.build() : schema;
    this.#fields.push({ name, index: this.#fields.length, schema: s });
    return this;
  }

  get fields(): readonly Field[] {
    return this.#fields;
  }

  build(): Schema {
    const schema = new ConnectSchema(
      this.type,
      this.#optional,
      this.#default,
      this.#name,
      this.#version,
      this.#doc,
      this.#parameters ? { ...this.#parameters } : null,
      [...this.#fields],
      this.keySchema,
      this.valueSchema,
    );
    if (this.#default !== undefined && this.#default !== null) validateValue(schema, this.#default, 'default value');
    return schema;
  }
}
