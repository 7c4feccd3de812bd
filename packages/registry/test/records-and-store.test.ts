/**
 * The `_schemas` record formats (Confluent's key and value JSON, byte for byte) and the replay
 * rules of the SchemaStore: soft deletes, subject deletes, tombstones, and the first record to
 * claim an id or a subject version winning over a concurrent writer's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRecord, encodeKey, encodeValue, type RegistryRecord, SchemaStore } from '../src/index.js';
import { decodeAssignment, electLeader, encodeIdentity } from '../src/leader/sr-protocol.js';

const schemaRecord = (
  subject: string,
  version: number,
  id: number,
  schema: string,
  deleted = false,
): RegistryRecord => ({
  key: { keytype: 'SCHEMA', subject, version },
  value: { subject, version, id, schemaType: 'AVRO', references: [], schema, deleted },
});
const replay = (store: SchemaStore, r: RegistryRecord) => {
  const decoded = decodeRecord(encodeKey(r.key), encodeValue(r));
  assert.ok(decoded);
  return store.apply(decoded);
};

describe('_schemas records', () => {
  it("encodes keys and values as Confluent's JSON", () => {
    const r = schemaRecord('t-value', 1, 1, '"string"');
    assert.equal(encodeKey(r.key).toString(), '{"keytype":"SCHEMA","subject":"t-value","version":1,"magic":1}');
    assert.equal(
      encodeValue(r)?.toString(),
      '{"subject":"t-value","version":1,"id":1,"schema":"\\"string\\"","deleted":false}',
    );
    assert.equal(
      encodeKey({ keytype: 'CONFIG', subject: null }).toString(),
      '{"keytype":"CONFIG","subject":null,"magic":0}',
    );
    assert.equal(encodeKey({ keytype: 'NOOP' }).toString(), '{"keytype":"NOOP","magic":0}');
    const json: RegistryRecord = {
      key: { keytype: 'SCHEMA', subject: 'j', version: 2 },
      value: {
        subject: 'j',
        version: 2,
        id: 5,
        schemaType: 'JSON',
        references: [{ name: 'a', subject: 'b', version: 1 }],
        schema: '{}',
        deleted: true,
      },
    };
    assert.equal(
      encodeValue(json)?.toString(),
      '{"subject":"j","version":2,"id":5,"schemaType":"JSON","references":[{"name":"a","subject":"b","version":1}],"schema":"{}","deleted":true}',
    );
  });

  it('decodes records written by Confluent, and skips what is not a registry record', () => {
    const k = Buffer.from('{"keytype":"SCHEMA","subject":"orders-value","version":3,"magic":1}');
    const v = Buffer.from('{"subject":"orders-value","version":3,"id":21,"schema":"\\"long\\"","deleted":false}');
    assert.deepEqual(decodeRecord(k, v)?.value, {
      subject: 'orders-value',
      version: 3,
      id: 21,
      schemaType: 'AVRO',
      references: [],
      schema: '"long"',
      deleted: false,
    });
    assert.equal(decodeRecord(k, null)?.value, null);
    assert.equal(decodeRecord(Buffer.from('{"keytype":"CLEAR_SUBJECT","subject":"x","magic":0}'), null), null);
    assert.equal(decodeRecord(Buffer.from('not json'), v), null);
    assert.equal(decodeRecord(k, Buffer.from('{"id":"x"}')), null);
  });
});

describe('SchemaStore replay', () => {
  it('soft-deletes a version, deletes a subject up to a version, and removes tombstoned versions', () => {
    const s = new SchemaStore();
    replay(s, schemaRecord('a', 1, 1, '"int"'));
    replay(s, schemaRecord('a', 2, 2, '"long"'));
    replay(s, schemaRecord('a', 3, 3, '"string"'));
    replay(s, schemaRecord('a', 1, 1, '"int"', true));
    assert.deepEqual(
      s.versionsOf('a', false).map((v) => v.version),
      [2, 3],
    );
    replay(s, { key: { keytype: 'DELETE_SUBJECT', subject: 'a' }, value: { subject: 'a', version: 2 } });
    assert.deepEqual(
      s.versionsOf('a', false).map((v) => v.version),
      [3],
    );
    replay(s, { key: { keytype: 'SCHEMA', subject: 'a', version: 1 }, value: null });
    assert.deepEqual(
      s.versionsOf('a', true).map((v) => v.version),
      [2, 3],
    );
    assert.equal(s.schemaById(1), undefined);
    assert.equal(s.maxId, 3); // never goes back
    replay(s, { key: { keytype: 'CONFIG', subject: 'a' }, value: { compatibilityLevel: 'full' } });
    assert.equal(s.compatibility.get('a'), 'FULL');
  });

  it('lets the first record for an id or a subject version win over a concurrent writer', () => {
    const s = new SchemaStore();
    assert.equal(replay(s, schemaRecord('a', 1, 7, '"int"')), 'applied');
    // A stale leader gave id 7 to another schema: ignored.
    assert.equal(replay(s, schemaRecord('b', 1, 7, '"string"')), 'conflict');
    assert.deepEqual(s.subjectNames(true), ['a']);
    // Another writer gave a:1 a different id: ignored too.
    assert.equal(replay(s, schemaRecord('a', 1, 8, '"long"')), 'conflict');
    assert.equal(s.versionsOf('a', false)[0]?.id, 7);
    // The same content under another subject shares the id.
    assert.equal(replay(s, schemaRecord('c', 1, 7, '"int"')), 'applied');
    assert.equal(s.idOf({ schemaType: 'AVRO', schema: '"int"', references: [] }), 7);
  });
});

describe("the 'sr' group protocol", () => {
  it('elects the eligible member whose URL sorts first and tells every member', () => {
    const members = [
      { memberId: 'm-b', metadata: encodeIdentity({ host: 'h', port: 2, scheme: 'http', leaderEligibility: true }) },
      { memberId: 'm-a', metadata: encodeIdentity({ host: 'h', port: 1, scheme: 'http', leaderEligibility: false }) },
      { memberId: 'm-c', metadata: encodeIdentity({ host: 'h', port: 3, scheme: 'http', leaderEligibility: true }) },
    ];
    assert.equal(
      members[0]?.metadata.toString(),
      '{"version":1,"host":"h","port":2,"scheme":"http","master_eligibility":true}',
    );
    const out = electLeader(members);
    assert.equal(out.size, 3);
    for (const a of out.values()) {
      const d = decodeAssignment(a);
      assert.equal(d?.leaderMemberId, 'm-b');
      assert.equal(d?.leader?.port, 2);
      assert.equal(d?.error, 0);
    }
  });
});
