/**
 * /subjects: listing subjects and versions, fetching a version (+ its raw schema and the ids
 * referencing it), looking a schema up, registering, and soft or permanent deletes (Confluent's
 * SubjectsResource and SubjectVersionsResource).
 */
import type { HttpApp } from '@samsa/common/http';
import { RegistryErrors } from '../errors.js';
import { subjectVersion, versionBody } from '../service/reads.js';
import { findSameSchema, readSchemaRequest } from '../service/schema-request.js';
import { flag, type Query, type RouteContext, write } from './route-context.js';

type SubjectParams = { subject: string };
type VersionParams = { subject: string; version: string };

export function subjectRoutes(app: HttpApp, ctx: RouteContext): void {
  const { store } = ctx;

  app.get('/subjects', async (req) => {
    const prefix = (req.query as Query).subjectPrefix ?? '';
    return store.subjectNames(flag(req.query, 'deleted')).filter((s) => s.startsWith(prefix));
  });

  app.get<{ Params: SubjectParams }>('/subjects/:subject/versions', async (req) => {
    const versions = store.versionsOf(req.params.subject, flag(req.query, 'deleted'));
    if (versions.length === 0) throw RegistryErrors.subjectNotFound(req.params.subject);
    return versions.map((v) => v.version);
  });

  app.get<{ Params: VersionParams }>('/subjects/:subject/versions/:version', async (req) =>
    versionBody(subjectVersion(store, req.params.subject, req.params.version, flag(req.query, 'deleted'))),
  );

  app.get<{ Params: VersionParams }>('/subjects/:subject/versions/:version/schema', async (req, reply) => {
    const v = subjectVersion(store, req.params.subject, req.params.version, flag(req.query, 'deleted'));
    reply.type('application/json').send(v.schema);
  });

  app.get<{ Params: VersionParams }>('/subjects/:subject/versions/:version/referencedby', async (req) => {
    const v = subjectVersion(store, req.params.subject, req.params.version);
    return store.referencedBy(v.subject, v.version);
  });

  // Lookup: is this schema registered under the subject? Answers the version that has it.
  app.post<{ Params: SubjectParams }>('/subjects/:subject', async (req) => {
    const { subject } = req.params;
    const deleted = flag(req.query, 'deleted');
    if (store.versionsOf(subject, deleted).length === 0) throw RegistryErrors.subjectNotFound(subject);
    const found = findSameSchema(
      store,
      subject,
      readSchemaRequest(store, req.body),
      flag(req.query, 'normalize'),
      deleted,
    );
    if (found === undefined) throw RegistryErrors.schemaNotFound();
    return versionBody(found);
  });

  app.post<{ Params: SubjectParams }>('/subjects/:subject/versions', async (req, reply) => {
    const request = readSchemaRequest(store, req.body);
    return write(ctx, req, reply, () => ctx.writer.register(req.params.subject, request, flag(req.query, 'normalize')));
  });

  app.delete<{ Params: SubjectParams }>('/subjects/:subject', async (req, reply) =>
    write(ctx, req, reply, () => ctx.writer.deleteSubject(req.params.subject, flag(req.query, 'permanent'))),
  );

  app.delete<{ Params: VersionParams }>('/subjects/:subject/versions/:version', async (req, reply) =>
    write(ctx, req, reply, () =>
      ctx.writer.deleteVersion(req.params.subject, req.params.version, flag(req.query, 'permanent')),
    ),
  );
}
