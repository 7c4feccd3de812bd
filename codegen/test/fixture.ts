/**
 * A small schema pair written by the tests themselves (tests never read ../shared): one request
 * exercising every rule the generator has (version ranges, flexible versions, nullable in all or
 * only some versions, defaults, a nested array of structs, tagged fields) and one response with an
 * error message.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FOO_REQUEST = `// A comment before the JSON; "about" below holds a // that is not one.
{
  "apiKey": 0,
  "type": "request",
  "name": "FooRequest",
  "validVersions": "0-3",
  "flexibleVersions": "2+",
  "fields": [
    { "name": "Name", "type": "string", "versions": "0+", "about": "see http://example.com//x" },
    { "name": "Comment", "type": "string", "versions": "1+", "nullableVersions": "1+" },
    { "name": "Label", "type": "string", "versions": "0+", "nullableVersions": "2+" },
    { "name": "Count", "type": "int32", "versions": "0+", "default": "5" },
    { "name": "Id", "type": "int64", "versions": "3+", "default": "-1" },
    { "name": "Payload", "type": "bytes", "versions": "0+", "nullableVersions": "0+" },
    { "name": "Items", "type": "[]Item", "versions": "0+", "fields": [
      { "name": "Index", "type": "int32", "versions": "0+" },
      { "name": "Note", "type": "string", "versions": "0+", "nullableVersions": "0+" }
    ]},
    // Tagged fields: their defaults decide what is written, so they keep the schema's.
    { "name": "Hint", "type": "string", "versions": "2+", "nullableVersions": "2+", "default": "null",
      "taggedVersions": "2+", "tag": 0 },
    { "name": "Extra", "type": "int32", "versions": "3+", "taggedVersions": "3+", "tag": 1 }
  ]
}
`;

export const FOO_RESPONSE = `{
  "apiKey": 0,
  "type": "response",
  "name": "FooResponse",
  "validVersions": "0-3",
  "flexibleVersions": "2+",
  "fields": [
    { "name": "ErrorCode", "type": "int16", "versions": "0+" },
    { "name": "ErrorMessage", "type": "string", "versions": "0+", "nullableVersions": "0+" }
  ]
}
`;

/** Writes the fixture schemas into a fresh temp dir and returns it (the caller removes it). */
export function writeFixtureSchemas(): string {
  const dir = mkdtempSync(join(tmpdir(), 'codegen-fixture-'));
  writeFileSync(join(dir, 'FooRequest.json'), FOO_REQUEST);
  writeFileSync(join(dir, 'FooResponse.json'), FOO_RESPONSE);
  return dir;
}
