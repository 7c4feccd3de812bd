/**
 * /compatibility: whether a schema could be registered, without registering it (Confluent's
 * CompatibilityResource). Against one version the level's direction is checked with that version
 * only; against `/versions` the level decides (latest, or every version when transitive).
 * `verbose=true` adds the reasons as `messages`.
 */
import type { HttpApp } from '@samsa/common/http';
import { type CompatibilityLevel, compatibilityErrors } from '../formats/index.js';
import { effectiveCompatibility, subjectVersion } from '../service/reads.js';
import { parseStored, readSchemaRequest } from '../service/schema-request.js';
import type { SchemaValue } from '../store/records.js';
import { flag, type RouteContext } from './route-context.js';

export function compatibilityRoutes(app: HttpApp, ctx: RouteContext): void {
  const { store } = ctx;
  const answer = (body: unknown, against: SchemaValue[], level: CompatibilityLevel, verbose: boolean) => {
    const candidate = readSchemaRequest(store, body);
    const previous = against.map((v) => ({ version: v.version, schema: parseStored(store, v) }));
    const messages = compatibilityErrors(level, candidate.parsed, previous);
    return verbose ? { is_compatible: messages.length === 0, messages } : { is_compatible: messages.length === 0 };
  };

  app.post<{ Params: { subject: string; version: string } }>(
    '/compatibility/subjects/:subject/versions/:version',
    async (req) => {
      const { subject } = req.params;
      const level = effectiveCompatibility(store, subject, ctx.defaultCompatibility);
      const single = level.replace('_TRANSITIVE', '') as CompatibilityLevel;
      const v = subjectVersion(store, subject, req.params.version);
      return answer(req.body, [v], single, flag(req.query, 'verbose'));
    },
  );

  app.post<{ Params: { subject: string } }>('/compatibility/subjects/:subject/versions', async (req) => {
    const { subject } = req.params;
    const level = effectiveCompatibility(store, subject, ctx.defaultCompatibility);
    return answer(req.body, store.versionsOf(subject, false), level, flag(req.query, 'verbose'));
  });
}
