/**
 * The records of the `_schemas` topic, in Confluent's JSON formats (its `SchemaRegistryKey`
 * subclasses and their values), so a Samsa registry and Confluent's or Karapace's can read the
 * same topic:
 *
 *   key {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}
 *       value {"subject":"s","version":1,"id":7,"schemaType":"JSON","references":[...],"schema":"...","deleted":false}
 *       (schemaType is left out for AVRO, references when empty; a null value deletes the version permanently)
 *   key {"keytype":"CONFIG","subject":null|"s","magic":0}   value {"compatibilityLevel":"BACKWARD"} | null
 *   key {"keytype":"MODE","subject":null|"s","magic":0}     value {"mode":"READWRITE"} | null
 *   key {"keytype":"DELETE_SUBJECT","subject":"s","magic":0} value {"subject":"s","version":3}
 *   key {"keytype":"NOOP","magic":0}                        value null (a marker read up to)
 *
 * Decoding never throws on a foreign or damaged record: it answers null and the reader skips it.
 */

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface SchemaValue {
  subject: string;
  version: number;
  id: number;
  schemaType: SchemaType;
  references: SchemaReference[];
  schema: string;
  deleted: boolean;
}

export type RegistryKey =
  | { keytype: 'SCHEMA'; subject: string; version: number }
  | { keytype: 'CONFIG'; subject: string | null }
  | { keytype: 'MODE'; subject: string | null }
  | { keytype: 'DELETE_SUBJECT'; subject: string }
  | { keytype: 'NOOP' };

export type RegistryRecord =
  | { key: { keytype: 'SCHEMA'; subject: string; version: number }; value: SchemaValue | null }
  | { key: { keytype: 'CONFIG'; subject: string | null }; value: { compatibilityLevel: string } | null }
  | { key: { keytype: 'MODE'; subject: string | null }; value: { mode: string } | null }
  | { key: { keytype: 'DELETE_SUBJECT'; subject: string }; value: { subject: string; version: number } | null }
  | { key: { keytype: 'NOOP' }; value: null };

export function encodeKey(key: RegistryKey): Buffer {
  switch (key.keytype) {
    case 'SCHEMA':
      return json({ keytype: 'SCHEMA', subject: key.subject, version: key.version, magic: 1 });
    case 'NOOP':
      return json({ keytype: 'NOOP', magic: 0 });
    default:
      return json({ keytype: key.keytype, subject: key.subject, magic: 0 });
  }
}

export function encodeValue(record: RegistryRecord): Buffer | null {
  if (record.value === null) return null;
  if (record.key.keytype !== 'SCHEMA') return json(record.value);
  const v = record.value as SchemaValue;
  const out: Record<string, unknown> = { subject: v.subject, version: v.version, id: v.id };
  if (v.schemaType !== 'AVRO') out.schemaType = v.schemaType;
  if (v.references.length > 0) out.references = v.references;
  out.schema = v.schema;
  out.deleted = v.deleted;
  return json(out);
}

/** A record read from the topic, or null when it is not one of ours (unknown keytype, bad JSON). */
export function decodeRecord(key: Buffer | null, value: Buffer | null): RegistryRecord | null {
  const k = parse(key) as Record<string, unknown> | null;
  if (k === null || typeof k !== 'object') return null;
  const v = parse(value) as Record<string, unknown> | null;
  if (value !== null && v === null) return null;
  const subject = typeof k.subject === 'string' ? k.subject : null;
  switch (k.keytype) {
    case 'SCHEMA': {
      if (subject === null || typeof k.version !== 'number') return null;
      const key = { keytype: 'SCHEMA' as const, subject, version: k.version };
      if (v === null) return { key, value: null };
      if (typeof v.id !== 'number' || typeof v.schema !== 'string') return null;
      return {
        key,
        value: {
          subject,
          version: k.version,
          id: v.id,
          schemaType: (typeof v.schemaType === 'string' ? v.schemaType : 'AVRO') as SchemaType,
          references: Array.isArray(v.references) ? (v.references as SchemaReference[]) : [],
          schema: v.schema,
          deleted: v.deleted === true,
        },
      };
    }
    case 'CONFIG':
      return {
        key: { keytype: 'CONFIG', subject },
        value: v && typeof v.compatibilityLevel === 'string' ? { compatibilityLevel: v.compatibilityLevel } : null,
      };
    case 'MODE':
      return { key: { keytype: 'MODE', subject }, value: v && typeof v.mode === 'string' ? { mode: v.mode } : null };
    case 'DELETE_SUBJECT':
      if (subject === null) return null;
      return {
        key: { keytype: 'DELETE_SUBJECT', subject },
        value: v && typeof v.version === 'number' ? { subject, version: v.version } : null,
      };
    case 'NOOP':
      return { key: { keytype: 'NOOP' }, value: null };
    default:
      return null;
  }
}

function json(o: unknown): Buffer {
  return Buffer.from(JSON.stringify(o));
}

function parse(b: Buffer | null): unknown {
  if (b === null) return null;
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return null;
  }
}
