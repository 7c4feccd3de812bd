/**
 * /schemas: a schema by its global id (+ its raw text, the subjects and the subject versions using
 * it), the schema types this registry parses, and the list of schemas (Confluent's SchemasResource).
 */
import type { HttpApp } from '@samsa/common/http';
import { RegistryErrors } from '../errors.js';
import { SCHEMA_TYPES } from '../formats/index.js';
import { versionBody } from '../service/reads.js';
import type { SchemaContent } from '../store/schema-store.js';
import { flag, type Query, type RouteContext } from './route-context.js';

type IdParams = { id: string };

export function schemaRoutes(app: HttpApp, ctx: RouteContext): void {
  const { store } = ctx;
  const byId = (text: string): SchemaContent & { id: number } => {
    const id = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    const content = Number.isSafeInteger(id) ? store.schemaById(id) : undefined;
    if (content === undefined) throw RegistryErrors.schemaNotFound(Number.isNaN(id) ? undefined : id);
    return { ...content, id };
  };

  app.get<{ Params: IdParams }>('/schemas/ids/:id', async (req) => {
    const s = byId(req.params.id);
    const out: Record<string, unknown> = {};
    if (s.schemaType !== 'AVRO') out.schemaType = s.schemaType;
    out.schema = s.schema;
    if (s.references.length > 0) out.references = s.references;
    return out;
  });

  app.get<{ Params: IdParams }>('/schemas/ids/:id/schema', async (req, reply) => {
    reply.type('application/json').send(byId(req.params.id).schema);
  });

  app.get<{ Params: IdParams }>('/schemas/ids/:id/subjects', async (req) => {
    const { id } = byId(req.params.id);
    return [...new Set(store.usesOf(id, flag(req.query, 'deleted')).map((v) => v.subject))];
  });

  app.get<{ Params: IdParams }>('/schemas/ids/:id/versions', async (req) => {
    const { id } = byId(req.params.id);
    return store.usesOf(id, flag(req.query, 'deleted')).map((v) => ({ subject: v.subject, version: v.version }));
  });

  app.get('/schemas/types', async () => SCHEMA_TYPES);

  app.get('/schemas', async (req) => {
    const q = req.query as Query;
    const prefix = q.subjectPrefix ?? '';
    const deleted = flag(q, 'deleted');
    return store
      .subjectNames(deleted)
      .filter((s) => s.startsWith(prefix))
      .flatMap((s) => {
        const versions = store.versionsOf(s, deleted);
        return flag(q, 'latestOnly') ? versions.slice(-1) : versions;
      })
      .map(versionBody);
  });
}
