/**
 * REST Proxy v2 (Confluent's v2 API): producing to `POST /topics/{topic}` in the binary or json
 * embedded format, and consumer instances — `POST /consumers/{group}` creates one,
 * `.../subscription` subscribes, `GET .../records` reads (`timeout`, `max_bytes`),
 * `POST .../offsets` commits, `DELETE` removes it. Content types `application/vnd.kafka[.<format>].v2+json`.
 */
import type { HttpApp } from '@samsa/common/http';
import { HttpError } from '@samsa/common/http';
import { baseUrl, type RestContext } from '../v3/route-context.js';
import type { ConsumerInstances } from './consumer-instances.js';
import { decode, type EmbeddedFormat, encode, formatOf, V2_CONTENT_TYPE } from './embedded-format.js';
import { type SchemaEncoder, schemaDecoder, schemaEncoder } from './schema-formats.js';

type InstanceParams = { group: string; instance: string };

export function v2Routes(app: HttpApp, ctx: RestContext, instances: ConsumerInstances): void {
  app.addContentTypeParser(
    /^application\/vnd\.kafka(\.[a-z]+)?\.v2\+json/,
    { parseAs: 'string' },
    (_req, body, done) => {
      try {
        done(null, body === '' ? {} : JSON.parse(body as string));
      } catch (err) {
        done(new HttpError(400, `Unexpected character in the JSON body: ${(err as Error).message}`, 400), undefined);
      }
    },
  );

  app.post<{ Params: { topic: string } }>('/topics/:topic', async (req, reply) => {
    const f = formatOf(req.headers['content-type']);
    if (f === 'unsupported')
      throw new HttpError(415, 'Unsupported embedded format (binary, json, avro, jsonschema)', 415);
    const format: EmbeddedFormat = f ?? 'binary';
    const topic = req.params.topic;
    if (!(await ctx.admin.listTopics({ listInternal: true })).includes(topic))
      throw new HttpError(404, 'Topic not found.', 40401);
    const body = (req.body ?? {}) as Record<string, unknown> & { records?: Array<Record<string, unknown>> };
    const records = body.records;
    if (!Array.isArray(records) || records.length === 0) throw new HttpError(422, 'Request includes no records', 42201);
    let keyEnc: SchemaEncoder | null = null;
    let valueEnc: SchemaEncoder | null = null;
    if (format === 'avro' || format === 'jsonschema') {
      const registry = await ctx.registry();
      keyEnc = await schemaEncoder(registry, format, `${topic}-key`, body.key_schema, body.key_schema_id);
      valueEnc = await schemaEncoder(registry, format, `${topic}-value`, body.value_schema, body.value_schema_id);
    }
    const field = (enc: SchemaEncoder | null, data: unknown, what: string) => {
      if (format === 'binary' || format === 'json') return encode(format, data, what);
      if (enc === null) {
        if (data === undefined || data === null) return null;
        throw new HttpError(422, `${what} needs a schema (key_schema/value_schema or their ids)`, 42201);
      }
      return enc.encode(data, what);
    };
    const encoded = records.map((r, i) => ({
      topic,
      key: field(keyEnc, r.key, `records[${i}].key`),
      value: field(valueEnc, r.value, `records[${i}].value`),
      partition: typeof r.partition === 'number' ? r.partition : undefined,
    }));
    const offsets = await Promise.all(
      encoded.map((r) =>
        ctx.producer.send(r).then(
          (m) => ({ partition: m.partition, offset: Number(m.offset), error_code: null, error: null }),
          (err: Error) => ({ partition: r.partition ?? null, offset: null, error_code: 50003, error: err.message }),
        ),
      ),
    );
    reply.type(V2_CONTENT_TYPE);
    return { offsets, key_schema_id: keyEnc?.id ?? null, value_schema_id: valueEnc?.id ?? null };
  });

  app.post<{ Params: { group: string } }>('/consumers/:group', async (req, reply) => {
    const i = instances.create(req.params.group, (req.body ?? {}) as Record<string, unknown>);
    reply.type(V2_CONTENT_TYPE);
    return { instance_id: i.name, base_uri: `${baseUrl(req)}/consumers/${i.group}/instances/${i.name}` };
  });

  const base = '/consumers/:group/instances/:instance';
  app.delete<{ Params: InstanceParams }>(base, async (req, reply) => {
    await instances.delete(req.params.group, req.params.instance);
    reply.code(204).send();
  });

  app.post<{ Params: InstanceParams }>(`${base}/subscription`, async (req, reply) => {
    const b = (req.body ?? {}) as { topics?: string[]; topic_pattern?: string };
    await instances.run(req.params.group, req.params.instance, async (i) => {
      if (typeof b.topic_pattern === 'string') await i.consumer.subscribe(new RegExp(b.topic_pattern));
      else if (Array.isArray(b.topics) && b.topics.length > 0) await i.consumer.subscribe(b.topics);
      else throw new HttpError(422, 'A subscription needs topics or topic_pattern', 42202);
    });
    reply.code(204).send();
  });

  app.get<{ Params: InstanceParams }>(`${base}/subscription`, async (req, reply) => {
    const topics = await instances.run(req.params.group, req.params.instance, async (i) => [
      ...new Set(i.consumer.assignment().map((tp) => tp.topic)),
    ]);
    reply.type(V2_CONTENT_TYPE);
    return { topics };
  });

  app.get<{ Params: InstanceParams; Querystring: { timeout?: string; max_bytes?: string } }>(
    `${base}/records`,
    async (req, reply) => {
      const wanted = formatOf(req.headers.accept);
      const timeoutMs = Math.min(Number(req.query.timeout ?? 1000) || 1000, 30_000);
      const maxBytes = Number(req.query.max_bytes ?? 64 * 1024 * 1024) || 64 * 1024 * 1024;
      const out = await instances.run(req.params.group, req.params.instance, async (i) => {
        if (wanted !== null && wanted !== i.format)
          throw new HttpError(
            406,
            'The requested embedded data format does not match the deserializer for this consumer instance',
            40601,
          );
        const polled = await i.consumer.poll({ timeoutMs });
        const schemaFormat = i.format === 'avro' || i.format === 'jsonschema' ? i.format : null;
        const decodeSchema = schemaFormat === null ? null : schemaDecoder(await ctx.registry(), schemaFormat);
        const field = async (topic: string, bytes: Buffer | null) =>
          decodeSchema === null
            ? decode(i.format as 'binary' | 'json', bytes)
            : bytes === null
              ? null
              : decodeSchema(topic, bytes);
        const records = [];
        let bytes = 0;
        let n = 0;
        for (; n < polled.length; n++) {
          const r = polled[n] as (typeof polled)[number];
          const size = (r.key?.length ?? 0) + (r.value?.length ?? 0);
          if (records.length > 0 && bytes + size > maxBytes) break;
          bytes += size;
          records.push({
            topic: r.topic,
            key: await field(r.topic, r.key),
            value: await field(r.topic, r.value),
            partition: r.partition,
            offset: Number(r.offset),
          });
        }
        // What max_bytes left out is not kept: seeking back to it keeps positions (and so commits) exact.
        const rewound = new Set<string>();
        for (const r of polled.slice(n)) {
          const k = `${r.topic}\0${r.partition}`;
          if (rewound.has(k)) continue;
          rewound.add(k);
          i.consumer.seek({ topic: r.topic, partition: r.partition }, r.offset);
        }
        return records;
      });
      reply.type(`application/vnd.kafka.${wanted ?? 'binary'}.v2+json`);
      return out;
    },
  );

  app.post<{ Params: InstanceParams }>(`${base}/offsets`, async (req, reply) => {
    const b = (req.body ?? {}) as { offsets?: Array<{ topic: string; partition: number; offset: number }> };
    await instances.run(req.params.group, req.params.instance, async (i) => {
      // Confluent commits `offset` as given: the next offset to read is offset + 1.
      if (Array.isArray(b.offsets) && b.offsets.length > 0)
        await i.consumer.commit(
          b.offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset) + 1n })),
        );
      else await i.consumer.commit();
    });
    reply.code(200).send();
  });
}
