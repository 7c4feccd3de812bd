/**
 * /config and /mode, global and per subject (Confluent's ConfigResource and ModeResource). Note
 * Confluent's asymmetry, kept: GET answers `compatibilityLevel`, PUT answers `compatibility`.
 */
import type { HttpApp } from '@samsa/common/http';
import { RegistryErrors } from '../errors.js';
import { effectiveCompatibility, effectiveMode } from '../service/reads.js';
import { flag, type RouteContext, write } from './route-context.js';

type SubjectParams = { subject: string };
const bodyField = (body: unknown, name: string): unknown => (body as Record<string, unknown> | null)?.[name];

export function configRoutes(app: HttpApp, ctx: RouteContext): void {
  const { store } = ctx;

  app.get('/config', async () => ({
    compatibilityLevel: effectiveCompatibility(store, null, ctx.defaultCompatibility),
  }));
  app.put('/config', async (req, reply) => {
    const level = bodyField(req.body, 'compatibility');
    return write(ctx, req, reply, async () => ({ compatibility: await ctx.writer.setCompatibility(null, level) }));
  });
  app.delete('/config', async (req, reply) =>
    write(ctx, req, reply, async () => ({ compatibilityLevel: await ctx.writer.deleteCompatibility(null) })),
  );

  app.get<{ Params: SubjectParams }>('/config/:subject', async (req) => {
    const own = store.compatibility.get(req.params.subject);
    if (own !== undefined) return { compatibilityLevel: own };
    if (!flag(req.query, 'defaultToGlobal')) throw RegistryErrors.subjectCompatibilityNotConfigured(req.params.subject);
    return { compatibilityLevel: effectiveCompatibility(store, null, ctx.defaultCompatibility) };
  });
  app.put<{ Params: SubjectParams }>('/config/:subject', async (req, reply) => {
    const level = bodyField(req.body, 'compatibility');
    return write(ctx, req, reply, async () => ({
      compatibility: await ctx.writer.setCompatibility(req.params.subject, level),
    }));
  });
  app.delete<{ Params: SubjectParams }>('/config/:subject', async (req, reply) =>
    write(ctx, req, reply, async () => ({
      compatibilityLevel: await ctx.writer.deleteCompatibility(req.params.subject),
    })),
  );

  app.get('/mode', async () => ({ mode: effectiveMode(store, null) }));
  app.put('/mode', async (req, reply) => {
    const mode = bodyField(req.body, 'mode');
    return write(ctx, req, reply, async () => ({
      mode: await ctx.writer.setMode(null, mode, flag(req.query, 'force')),
    }));
  });
  app.get<{ Params: SubjectParams }>('/mode/:subject', async (req) => {
    const own = store.modes.get(req.params.subject);
    if (own !== undefined) return { mode: own };
    if (!flag(req.query, 'defaultToGlobal')) throw RegistryErrors.subjectModeNotConfigured(req.params.subject);
    return { mode: effectiveMode(store, null) };
  });
  app.put<{ Params: SubjectParams }>('/mode/:subject', async (req, reply) => {
    const mode = bodyField(req.body, 'mode');
    return write(ctx, req, reply, async () => ({
      mode: await ctx.writer.setMode(req.params.subject, mode, flag(req.query, 'force')),
    }));
  });
  app.delete<{ Params: SubjectParams }>('/mode/:subject', async (req, reply) =>
    write(ctx, req, reply, async () => ({ mode: await ctx.writer.deleteMode(req.params.subject) })),
  );
}
