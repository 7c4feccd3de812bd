/**
 * The registry's HTTP API against a registry on a test broker, by Confluent's paths, bodies,
 * content type and error codes: register (ids shared across subjects, idempotent), lookup, versions
 * and latest, raw schemas, ids → subjects and versions, soft and permanent deletes with their
 * 404xx errors, invalid schemas and versions (422xx), and an incompatible schema refused with 409.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import type { SchemaRegistry } from '../src/index.js';
import { call, startRegistry, until, userBad, userV1, userV2 } from './registry-harness.js';

describe('schema registry: subjects and schemas', () => {
  let broker: TestBroker;
  let registry: SchemaRegistry;
  let base: string;

  before(async () => {
    broker = await startTestBroker();
    registry = await startRegistry(broker.bootstrap);
    base = registry.url;
    await until('a leader', () => registry.isLeader);
  });
  after(async () => {
    await registry?.close();
    await broker?.stop();
  });

  it('registers a schema, answers its id again for the same schema, and a new version for a compatible one', async () => {
    const r1 = await call(base, 'POST', '/subjects/users-value/versions', { schema: userV1 });
    assert.equal(r1.status, 200);
    assert.equal(r1.contentType, 'application/vnd.schemaregistry.v1+json');
    assert.deepEqual(Object.keys(r1.body), ['id']);
    const again = await call(base, 'POST', '/subjects/users-value/versions', { schema: userV1 });
    assert.equal(again.body.id, r1.body.id);
    const r2 = await call(base, 'POST', '/subjects/users-value/versions', { schema: userV2 });
    assert.equal(r2.status, 200);
    assert.ok(r2.body.id > r1.body.id);
    // The same schema under another subject keeps its global id.
    const other = await call(base, 'POST', '/subjects/other-value/versions', { schema: userV1 });
    assert.equal(other.body.id, r1.body.id);

    assert.deepEqual((await call(base, 'GET', '/subjects')).body, ['other-value', 'users-value']);
    assert.deepEqual((await call(base, 'GET', '/subjects/users-value/versions')).body, [1, 2]);
    const latest = await call(base, 'GET', '/subjects/users-value/versions/latest');
    assert.deepEqual(latest.body, { subject: 'users-value', version: 2, id: r2.body.id, schema: userV2 });
    const raw = await call(base, 'GET', '/subjects/users-value/versions/1/schema');
    assert.deepEqual(raw.body, JSON.parse(userV1));
    assert.deepEqual((await call(base, 'GET', `/schemas/ids/${r1.body.id}`)).body, { schema: userV1 });
    assert.deepEqual((await call(base, 'GET', `/schemas/ids/${r1.body.id}/subjects`)).body, [
      'other-value',
      'users-value',
    ]);
    assert.deepEqual((await call(base, 'GET', `/schemas/ids/${r1.body.id}/versions`)).body, [
      { subject: 'other-value', version: 1 },
      { subject: 'users-value', version: 1 },
    ]);
    assert.deepEqual((await call(base, 'GET', '/schemas/types')).body, ['JSON', 'PROTOBUF', 'AVRO']);
  });

  it('looks a schema up by content (whitespace aside), 40403 when the subject lacks it', async () => {
    const pretty = JSON.stringify(JSON.parse(userV2), null, 2);
    const found = await call(base, 'POST', '/subjects/users-value', { schema: pretty });
    assert.equal(found.status, 200);
    assert.equal(found.body.version, 2);
    assert.equal(found.body.schema, userV2);
    const missing = await call(base, 'POST', '/subjects/other-value', { schema: userV2 });
    assert.deepEqual([missing.status, missing.body.error_code], [404, 40403]);
    const noSubject = await call(base, 'POST', '/subjects/nope', { schema: userV2 });
    assert.deepEqual(
      [noSubject.status, noSubject.body],
      [404, { error_code: 40401, message: "Subject 'nope' not found." }],
    );
  });

  it('answers Confluent error codes for missing subjects, versions, ids and bad input', async () => {
    const cases: Array<[string, string, unknown, number, number]> = [
      ['GET', '/subjects/nope/versions', undefined, 404, 40401],
      ['GET', '/subjects/users-value/versions/9', undefined, 404, 40402],
      ['GET', '/subjects/users-value/versions/zero', undefined, 422, 42202],
      ['GET', '/subjects/users-value/versions/0', undefined, 422, 42202],
      ['GET', '/schemas/ids/999', undefined, 404, 40403],
      ['POST', '/subjects/users-value/versions', { schema: '{"type":"recor"}' }, 422, 42201],
      ['POST', '/subjects/users-value/versions', { schema: 'not json' }, 422, 42201],
      ['POST', '/subjects/users-value/versions', { schema: userV1, schemaType: 'XML' }, 422, 42201],
      ['PUT', '/config', { compatibility: 'SIDEWAYS' }, 422, 42203],
      ['PUT', '/mode', { mode: 'SLEEPY' }, 422, 42204],
      ['GET', '/config/users-value', undefined, 404, 40408],
    ];
    for (const [method, path, body, status, code] of cases) {
      const r = await call(base, method, path, body);
      assert.deepEqual([r.status, r.body.error_code], [status, code], `${method} ${path}`);
      assert.equal(typeof r.body.message, 'string');
    }
  });

  it('refuses an incompatible schema with 409 and says why in the compatibility check', async () => {
    const r = await call(base, 'POST', '/subjects/users-value/versions', { schema: userBad });
    assert.equal(r.status, 409);
    assert.equal(r.body.error_code, 409);
    assert.match(r.body.message, /incompatible with an earlier schema for subject "users-value"/);
    const check = await call(base, 'POST', '/compatibility/subjects/users-value/versions/latest?verbose=true', {
      schema: userBad,
    });
    assert.equal(check.body.is_compatible, false);
    assert.ok(check.body.messages.length > 0);
    const ok = await call(base, 'POST', '/compatibility/subjects/users-value/versions/latest', { schema: userV2 });
    assert.deepEqual(ok.body, { is_compatible: true });
    // With NONE for that subject the same schema registers.
    assert.deepEqual((await call(base, 'PUT', '/config/users-value', { compatibility: 'NONE' })).body, {
      compatibility: 'NONE',
    });
    assert.deepEqual((await call(base, 'GET', '/config/users-value')).body, { compatibilityLevel: 'NONE' });
    assert.deepEqual((await call(base, 'GET', '/config')).body, { compatibilityLevel: 'BACKWARD' });
    assert.equal((await call(base, 'POST', '/subjects/users-value/versions', { schema: userBad })).status, 200);
  });

  it('soft-deletes and then permanently deletes versions and subjects, with 40404-40407 on the wrong order', async () => {
    const v1 = JSON.stringify({ type: 'enum', name: 'Color', symbols: ['RED'] });
    const id = (await call(base, 'POST', '/subjects/colors/versions', { schema: v1 })).body.id;
    const early = await call(base, 'DELETE', '/subjects/colors/versions/1?permanent=true');
    assert.deepEqual([early.status, early.body.error_code], [404, 40407]);
    assert.deepEqual((await call(base, 'DELETE', '/subjects/colors/versions/1')).body, 1);
    const twice = await call(base, 'DELETE', '/subjects/colors/versions/1');
    assert.deepEqual([twice.status, twice.body.error_code], [404, 40406]);
    assert.equal((await call(base, 'GET', '/subjects/colors/versions')).status, 404);
    assert.deepEqual((await call(base, 'GET', '/subjects/colors/versions?deleted=true')).body, [1]);
    assert.ok(!(await call(base, 'GET', '/subjects')).body.includes('colors'));
    assert.ok((await call(base, 'GET', '/subjects?deleted=true')).body.includes('colors'));
    // A soft-deleted schema is still served by id (serializers may still hold data written with it).
    assert.equal((await call(base, 'GET', `/schemas/ids/${id}`)).status, 200);
    assert.deepEqual((await call(base, 'DELETE', '/subjects/colors/versions/1?permanent=true')).body, 1);
    assert.equal((await call(base, 'GET', `/schemas/ids/${id}`)).body.error_code, 40403);

    // Subjects: soft first (answers the versions), then permanent.
    await call(base, 'POST', '/subjects/shapes/versions', { schema: v1 });
    const notSoft = await call(base, 'DELETE', '/subjects/shapes?permanent=true');
    assert.deepEqual([notSoft.status, notSoft.body.error_code], [404, 40405]);
    assert.deepEqual((await call(base, 'DELETE', '/subjects/shapes')).body, [1]);
    const soft = await call(base, 'DELETE', '/subjects/shapes');
    assert.deepEqual([soft.status, soft.body.error_code], [404, 40404]);
    assert.deepEqual((await call(base, 'DELETE', '/subjects/shapes?permanent=true')).body, [1]);
    assert.equal((await call(base, 'GET', '/subjects/shapes/versions?deleted=true')).body.error_code, 40401);
  });

  it('resolves schema references, lists referencing ids, and refuses to delete a referenced version', async () => {
    const address = JSON.stringify({
      type: 'record',
      name: 'Address',
      namespace: 'samsa.test',
      fields: [{ name: 'city', type: 'string' }],
    });
    await call(base, 'POST', '/subjects/address/versions', { schema: address });
    const person = JSON.stringify({
      type: 'record',
      name: 'Person',
      namespace: 'samsa.test',
      fields: [{ name: 'home', type: 'samsa.test.Address' }],
    });
    const missingRef = await call(base, 'POST', '/subjects/person/versions', { schema: person });
    assert.equal(missingRef.body.error_code, 42201);
    const references = [{ name: 'samsa.test.Address', subject: 'address', version: 1 }];
    const r = await call(base, 'POST', '/subjects/person/versions', { schema: person, references });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual((await call(base, 'GET', '/subjects/address/versions/1/referencedby')).body, [r.body.id]);
    assert.deepEqual((await call(base, 'GET', `/schemas/ids/${r.body.id}`)).body, { schema: person, references });
    const del = await call(base, 'DELETE', '/subjects/address/versions/1');
    assert.deepEqual([del.status, del.body.error_code], [422, 42206]);
  });

  it('accepts JSON Schema and Protobuf, and refuses writes in READONLY mode', async () => {
    const json = await call(base, 'POST', '/subjects/js/versions', { schemaType: 'JSON', schema: '{"type":"object"}' });
    assert.equal(json.status, 200);
    assert.equal((await call(base, 'GET', '/subjects/js/versions/1')).body.schemaType, 'JSON');
    const proto = 'syntax = "proto3";\nmessage Ping { string id = 1; }\n';
    assert.equal(
      (await call(base, 'POST', '/subjects/pb/versions', { schemaType: 'PROTOBUF', schema: proto })).status,
      200,
    );
    const badProto = await call(base, 'POST', '/subjects/pb/versions', { schemaType: 'PROTOBUF', schema: 'message {' });
    assert.equal(badProto.body.error_code, 42201);

    assert.deepEqual((await call(base, 'PUT', '/mode/js', { mode: 'READONLY' })).body, { mode: 'READONLY' });
    const refused = await call(base, 'POST', '/subjects/js/versions', {
      schemaType: 'JSON',
      schema: '{"type":"string"}',
    });
    assert.deepEqual([refused.status, refused.body.error_code], [422, 42205]);
    const noDelete = await call(base, 'DELETE', '/subjects/js/versions/1');
    assert.deepEqual([noDelete.status, noDelete.body.error_code], [422, 42205]);
    assert.deepEqual((await call(base, 'GET', '/mode')).body, { mode: 'READWRITE' });
    assert.deepEqual((await call(base, 'DELETE', '/mode/js')).body, { mode: 'READONLY' });
  });

  it('stores Confluent-format records in the _schemas topic', async () => {
    const log = broker.readLog('_schemas', 0).toString('latin1');
    assert.match(log, /\{"keytype":"SCHEMA","subject":"users-value","version":1,"magic":1\}/);
    assert.match(log, /\{"keytype":"CONFIG","subject":"users-value","magic":0\}/);
    assert.match(log, /\{"compatibilityLevel":"NONE"\}/);
    assert.match(log, /"schemaType":"JSON"/);
  });
});
