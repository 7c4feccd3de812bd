/**
 * Distributed mode's REST additions. Writes (POST, PUT, PATCH, DELETE under /connectors) are the
 * leader's job, as in Kafka: another worker forwards the request to the leader's REST API (with
 * `forward=false`, so it is never forwarded twice) and answers with the leader's status and body;
 * with no leader known (a rebalance) it answers 409. And Kafka's internal POST
 * /connectors/{c}/tasks, through which a connector's worker hands its task configs to the leader.
 */

import { HttpError } from '@samsa/common/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { handle } from '../rest/rest-support.js';
import type { DistributedHerder } from './distributed-herder.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function distributedRoutes(app: FastifyInstance, herder: DistributedHerder): void {
  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const [path, query = ''] = req.url.split('?') as [string, string?];
    if (!WRITES.has(req.method) || !path.startsWith('/connectors')) return;
    if (new URLSearchParams(query).get('forward') === 'false') return;
    if (herder.isLeader && !herder.rebalancing) return;
    if (!herder.leaderUrl || herder.rebalancing) {
      reply.code(409).send({
        error_code: 409,
        message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)',
      });
      return reply;
    }
    const target = `${herder.leaderUrl}${path}?${query ? `${query}&` : ''}forward=false`;
    const res = await fetch(target, {
      method: req.method,
      headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
    });
    const text = await res.text();
    reply.code(res.status);
    const type = res.headers.get('content-type');
    if (type) reply.header('content-type', type);
    reply.send(text === '' ? null : text);
    return reply;
  });

  app.post<{ Params: { connector: string } }>(
    '/connectors/:connector/tasks',
    handle(async (req, reply) => {
      const body = req.body;
      if (!Array.isArray(body) || !body.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c))) {
        throw new HttpError(400, 'Task configurations must be a JSON array of objects');
      }
      const configs = body.map((c: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(c).map(([k, v]) => [k, String(v)])),
      );
      await herder.serial(() => herder.writeTaskConfigs(req.params.connector, configs));
      reply.code(204);
      return null;
    }),
  );
}
