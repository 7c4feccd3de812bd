/**
 * SCRAM users, client quotas and reassignments in progress:
 * - GET /api/scram-users: each user's mechanisms and iterations (never key material);
 * - PUT /api/scram-users/:user { mechanism, password, iterations? } adds or changes a credential
 *   (the password is salted and hashed by the client, answered with the description only);
 * - DELETE /api/scram-users/:user?mechanism=SCRAM-SHA-256 removes one credential;
 * - GET /api/quotas: every user / client-id entity with quotas (null name: the default entity);
 * - PUT /api/quotas { entity: { user?, 'client-id'? }, quotas: { key: number | null } } sets
 *   (null removes) Kafka's quota keys;
 * - GET /api/reassignments: ListPartitionReassignments.
 */
import type { QuotaEntity, ScramMechanism } from '@samsa/client';
import type { HttpApp } from '@samsa/common/http';
import type { ConsoleContext } from '../console-context.js';
import { badRequest, kafkaCall } from '../http-errors.js';
import { objectBody, oneOf, type Query } from './query-params.js';

const MECHANISMS: readonly ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
/** Kafka's client quota keys (QuotaConfig) for user and client-id entities. */
export const QUOTA_KEYS = [
  'producer_byte_rate',
  'consumer_byte_rate',
  'request_percentage',
  'controller_mutation_rate',
] as const;

function entityOf(v: unknown): QuotaEntity {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest('entity must be an object');
  const out: QuotaEntity = {};
  for (const [k, x] of Object.entries(v)) {
    if (k !== 'user' && k !== 'client-id') throw badRequest(`entity keys are user and client-id, not ${k}`);
    if (x !== null && (typeof x !== 'string' || x === ''))
      throw badRequest(`entity.${k} must be a name, or null for the default`);
    out[k] = x as string | null;
  }
  if (Object.keys(out).length === 0) throw badRequest('entity needs a user and/or a client-id');
  return out;
}

function quotasOf(v: unknown): Record<string, number | null> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest('quotas must be an object');
  const out: Record<string, number | null> = {};
  for (const [k, x] of Object.entries(v)) {
    if (!(QUOTA_KEYS as readonly string[]).includes(k)) throw badRequest(`quota keys are ${QUOTA_KEYS.join(', ')}`);
    if (x !== null && (typeof x !== 'number' || !Number.isFinite(x) || x <= 0))
      throw badRequest(`quotas.${k} must be a positive number, or null to remove it`);
    out[k] = x as number | null;
  }
  if (Object.keys(out).length === 0) throw badRequest('quotas is empty');
  return out;
}

export function securityRoutes(app: HttpApp, ctx: ConsoleContext): void {
  app.get('/api/scram-users', async () => ({
    users: await kafkaCall(() => ctx.admin.describeUserScramCredentials()),
    mechanisms: MECHANISMS,
  }));

  app.put<{ Params: { user: string } }>('/api/scram-users/:user', async (req) => {
    const body = objectBody(req.body);
    const mechanism = oneOf(body as Query, 'mechanism', MECHANISMS, 'SCRAM-SHA-256');
    const password = body.password;
    if (typeof password !== 'string' || password === '') throw badRequest('password is required');
    const iterations = body.iterations ?? 4096;
    if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 4096 || iterations > 16384)
      throw badRequest('iterations must be an integer in [4096, 16384]');
    const user = req.params.user;
    await kafkaCall(() =>
      ctx.admin.alterUserScramCredentials([{ type: 'upsertion', user, info: { mechanism, iterations }, password }]),
    );
    ctx.logger.info({ user, mechanism }, 'SCRAM credential set from the console');
    return { name: user, mechanism, iterations };
  });

  app.delete<{ Params: { user: string }; Querystring: Query }>('/api/scram-users/:user', async (req, reply) => {
    const mechanism = oneOf(req.query, 'mechanism', MECHANISMS, 'SCRAM-SHA-256');
    await kafkaCall(() =>
      ctx.admin.alterUserScramCredentials([{ type: 'deletion', user: req.params.user, mechanism }]),
    );
    ctx.logger.info({ user: req.params.user, mechanism }, 'SCRAM credential deleted from the console');
    reply.code(204);
  });

  app.get('/api/quotas', async () => ({
    quotas: await kafkaCall(() => ctx.admin.describeClientQuotas({ components: [] })),
    keys: QUOTA_KEYS,
  }));

  app.put('/api/quotas', async (req) => {
    const body = objectBody(req.body);
    const entity = entityOf(body.entity);
    const quotas = quotasOf(body.quotas);
    await kafkaCall(() => ctx.admin.alterClientQuotas([{ entity, quotas }]));
    ctx.logger.info({ entity, quotas }, 'client quotas altered from the console');
    return { entity, quotas };
  });

  app.get('/api/reassignments', async () => ({
    reassignments: await kafkaCall(() => ctx.admin.listPartitionReassignments()),
  }));
}
