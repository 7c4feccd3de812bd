/**
 * Kafka's Struct: a record's value (or key) with a STRUCT schema, fields read and written by name.
 * put() checks each value against its field's schema; validate() checks that every required field
 * is set. get() of an unset field answers the field's default, as Kafka does.
 */
import { DataError } from '../errors.js';
import type { Field, Schema } from './schema.js';
import { validateValue } from './validate-value.js';

export class Struct {
  readonly #values: unknown[];

  constructor(readonly schema: Schema) {
    if (schema.type !== 'STRUCT') throw new DataError('Not a struct schema: ' + String(schema));
    this.#values = new Array(schema.fields.length).fill(null);
  }

  /** The field named `name` (throws DataError for an unknown name, as Kafka's lookupField). */
  lookupField(name: string): Field {
    const f = this.schema.field(name);
    if (!f) throw new DataError(`${name} is not a valid field name`);
    return f;
  }

  get(field: string | Field): unknown {
    const f = typeof field === 'string' ? this.lookupField(field) : field;
    const v = this.#values[f.index];
    return v === null || v === undefined ? (f.schema.defaultValue ?? null) : v;
  }

  /** The value as set, without falling back to the default (Kafka's getWithoutDefault). */
  getWithoutDefault(name: string): unknown {
    return this.#values[this.lookupField(name).index] ?? null;
  }

  put(field: string | Field, value: unknown): this {
    const f = typeof field === 'string' ? this.lookupField(field) : field;
    validateValue(f.schema, value, f.name);
    this.#values[f.index] = value ?? null;
    return this;
  }

  validate(): void {
    for (const f of this.schema.fields) {
      validateValue(f.schema, this.#values[f.index] ?? f.schema.defaultValue ?? null, f.name);
    }
  }

  toString(): string {
    return `Struct{${this.schema.fields
      .filter((f) => this.#values[f.index] !== null)
      .map((f) => `${f.name}=${String(this.#values[f.index])}`)
      .join(',')}}`;
  }
}
