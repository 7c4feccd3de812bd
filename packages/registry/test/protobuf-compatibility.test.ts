/**
 * Protobuf compatibility by Confluent's rules, one named case per rule: fields matched by tag,
 * wire-compatible scalar groups, kinds, named types, required fields, oneofs, messages, packages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compatibilityErrors, parseSchema } from '../src/index.js';

const proto = (body: string, pkg = 'shop') =>
  parseSchema('PROTOBUF', `syntax = "proto3";\npackage ${pkg};\n${body}`, []);
const proto2 = (body: string) => parseSchema('PROTOBUF', `syntax = "proto2";\npackage shop;\n${body}`, []);
const errors = (prev: ReturnType<typeof proto>, next: ReturnType<typeof proto>) =>
  compatibilityErrors('BACKWARD', next, [{ version: 1, schema: prev }]).join(' ');

const order = (fields: string) =>
  proto(`message Order { ${fields} }\nmessage Item { string sku = 1; }\nenum Kind { A = 0; B = 1; }`);

describe('Protobuf compatibility rules', () => {
  it('field added, removed or renamed (same tag): compatible', () => {
    assert.equal(errors(order('string id = 1;'), order('string id = 1; int64 qty = 2;')), '');
    assert.equal(errors(order('string id = 1; int64 qty = 2;'), order('string id = 1;')), '');
    assert.equal(errors(order('string id = 1;'), order('string order_id = 1;')), '');
  });
  it('scalar changed within a wire-compatible group: compatible; across groups: FIELD_SCALAR_KIND_CHANGED', () => {
    assert.equal(errors(order('int32 n = 1;'), order('int64 n = 1;')), '');
    assert.equal(errors(order('string s = 1;'), order('bytes s = 1;')), '');
    assert.match(errors(order('int32 n = 1;'), order('sint32 n = 1;')), /FIELD_SCALAR_KIND_CHANGED/);
    assert.match(errors(order('int32 n = 1;'), order('string n = 1;')), /FIELD_SCALAR_KIND_CHANGED/);
  });
  it('scalar ↔ message ↔ enum, singular ↔ repeated: FIELD_KIND_CHANGED', () => {
    assert.match(errors(order('string x = 1;'), order('Item x = 1;')), /FIELD_KIND_CHANGED/);
    assert.match(errors(order('Kind x = 1;'), order('Item x = 1;')), /FIELD_KIND_CHANGED/);
    assert.match(errors(order('string x = 1;'), order('repeated string x = 1;')), /FIELD_KIND_CHANGED/);
    assert.match(errors(order('map<string, int32> x = 1;'), order('map<int32, int32> x = 1;')), /FIELD_KIND_CHANGED/);
  });
  it('message field pointing at another message: FIELD_NAMED_TYPE_CHANGED', () => {
    const prev = proto(
      'message Order { Item x = 1; }\nmessage Item { string sku = 1; }\nmessage Other { string a = 1; }',
    );
    const next = proto(
      'message Order { Other x = 1; }\nmessage Item { string sku = 1; }\nmessage Other { string a = 1; }',
    );
    assert.match(errors(prev, next), /FIELD_NAMED_TYPE_CHANGED/);
  });
  it('message removed: MESSAGE_REMOVED; message added: compatible', () => {
    assert.match(
      errors(proto('message A { string a = 1; }\nmessage B { string b = 1; }'), proto('message A { string a = 1; }')),
      /MESSAGE_REMOVED/,
    );
    assert.equal(
      errors(proto('message A { string a = 1; }'), proto('message A { string a = 1; }\nmessage B { string b = 1; }')),
      '',
    );
  });
  it('enum value added: compatible', () => {
    assert.equal(
      errors(
        proto('enum K { A = 0; }\nmessage M { K k = 1; }'),
        proto('enum K { A = 0; B = 1; }\nmessage M { K k = 1; }'),
      ),
      '',
    );
  });
  it('package changed: PACKAGE_CHANGED', () => {
    assert.match(
      errors(proto('message A { string a = 1; }', 'shop'), proto('message A { string a = 1; }', 'store')),
      /PACKAGE_CHANGED/,
    );
  });
  it('proto2 required field added or removed: REQUIRED_FIELD_ADDED / REQUIRED_FIELD_REMOVED', () => {
    assert.match(
      errors(
        proto2('message A { optional string a = 1; }'),
        proto2('message A { optional string a = 1; required int32 b = 2; }'),
      ),
      /REQUIRED_FIELD_ADDED/,
    );
    assert.match(
      errors(proto2('message A { required string a = 1; }'), proto2('message A { }')),
      /REQUIRED_FIELD_REMOVED/,
    );
  });
  it('fields moved into a oneof: one into a new oneof is compatible, into an existing one or several at once is not', () => {
    const base = 'message A { string a = 1; string b = 2; oneof o { string c = 3; } }';
    assert.equal(
      errors(proto(base), proto('message A { oneof n { string a = 1; } string b = 2; oneof o { string c = 3; } }')),
      '',
    );
    assert.match(
      errors(proto(base), proto('message A { string b = 2; oneof o { string a = 1; string c = 3; } }')),
      /FIELD_MOVED_TO_EXISTING_ONEOF/,
    );
    assert.match(
      errors(proto(base), proto('message A { oneof n { string a = 1; string b = 2; } oneof o { string c = 3; } }')),
      /MULTIPLE_FIELDS_MOVED_TO_ONEOF/,
    );
  });
});
