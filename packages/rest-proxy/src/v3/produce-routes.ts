/**
 * POST /v3/clusters/{cluster_id}/topics/{topic_name}/records (Confluent's ProduceAction): one record
 * per JSON object — `{ partition_id?, headers?: [{name, value: base64}], key?: {type, data},
 * value?: {type, data}, timestamp? }` with types BINARY (base64), JSON and STRING — answered with a
 * delivery report `{ error_code: 200, cluster_id, topic_name, partition_id, offset, timestamp,
 * key: {type, size}, value: {type, size} }`. A body of several concatenated objects (the streamed
 * form) is answered with one report per record, in order, each with its own error_code. The body is
 * read whole (fastify's bodyLimit, 1 MiB, bounds it) and the reports are sent once all records are
 * acknowledged: not yet the chunked, record-by-record streaming of Confluent's proxy.
 */
import type { Headers } from '@samsa/client';
import type { HttpApp } from '@samsa/common/http';
import { HttpError } from '@samsa/common/http';
import { RestErrors } from '../errors.js';
import { splitConcatenatedJson } from './concatenated-json.js';
import { cluster, type RestContext } from './route-context.js';

type Params = { cluster_id: string; topic_name: string };
type Data = { type?: string; data?: unknown };

function encodeData(d: Data | undefined | null, what: string): { bytes: Buffer | null; type: string } | null {
  if (d === undefined || d === null) return null;
  const type = (d.type ?? 'JSON').toUpperCase();
  if (d.data === undefined || d.data === null) return { bytes: null, type };
  switch (type) {
    case 'BINARY':
      if (typeof d.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(d.data))
        throw RestErrors.invalidPayload(`${what}.data must be base64 for type BINARY`);
      return { bytes: Buffer.from(d.data, 'base64'), type };
    case 'STRING':
      if (typeof d.data !== 'string') throw RestErrors.invalidPayload(`${what}.data must be a string for type STRING`);
      return { bytes: Buffer.from(d.data), type };
    case 'JSON':
      return { bytes: Buffer.from(JSON.stringify(d.data)), type };
    default:
      throw RestErrors.invalidPayload(
        `${what}.type ${type} is not supported (BINARY, JSON, STRING; no schema formats yet)`,
      );
  }
}

export function produceRoutes(app: HttpApp, ctx: RestContext): void {
  // Concatenated JSON is not one JSON document: this route reads its body as text.
  app.register(async (scoped) => {
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scoped.post<{ Params: Params }>('/v3/clusters/:cluster_id/topics/:topic_name/records', async (req, reply) => {
      const { id } = await cluster(ctx, req.params.cluster_id);
      const topic = req.params.topic_name;
      const topics = await ctx.admin.listTopics({ listInternal: true });
      if (!topics.includes(topic)) throw RestErrors.topicNotFound();
      let records: unknown[];
      try {
        records = splitConcatenatedJson(typeof req.body === 'string' ? req.body : '');
      } catch (err) {
        throw RestErrors.badRequest(`Unexpected character in the JSON body: ${(err as Error).message}`);
      }
      if (records.length === 0) throw RestErrors.badRequest('no record in the request body');
      const produceOne = async (r: unknown) => {
        const b = (r ?? {}) as Record<string, unknown>;
        const key = encodeData(b.key as Data, 'key');
        const value = encodeData(b.value as Data, 'value');
        const headers: Headers = ((b.headers ?? []) as Array<{ name: string; value: string | null }>).map((h) => ({
          key: h.name,
          value: h.value === null ? null : Buffer.from(h.value, 'base64'),
        }));
        const meta = await ctx.producer.send({
          topic,
          key: key?.bytes ?? null,
          value: value?.bytes ?? null,
          headers,
          partition: typeof b.partition_id === 'number' ? b.partition_id : undefined,
          timestamp: typeof b.timestamp === 'string' ? Date.parse(b.timestamp) : undefined,
        });
        return {
          error_code: 200,
          cluster_id: id,
          topic_name: topic,
          partition_id: meta.partition,
          offset: Number(meta.offset),
          timestamp: new Date(meta.timestamp).toISOString(),
          key: key === null ? null : { type: key.type, size: key.bytes?.length ?? 0 },
          value: value === null ? null : { type: value.type, size: value.bytes?.length ?? 0 },
        };
      };
      if (records.length === 1) return produceOne(records[0]);
      // Streamed form: one report per record, in order, each with its own error_code.
      reply.type('application/json');
      const lines: string[] = [];
      for (const r of records) {
        const report = await produceOne(r).catch((err: unknown) =>
          err instanceof HttpError
            ? { error_code: err.errorCode, message: err.message }
            : { error_code: 500, message: (err as Error).message },
        );
        lines.push(JSON.stringify(report));
      }
      return `${lines.join('\n')}\n`;
    });
  });
}
