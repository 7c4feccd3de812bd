/**
 * /connectors: Kafka Connect's ConnectorsResource — list (with ?expand=status|info), create,
 * config, status, tasks, restart (KIP-745), pause, resume, stop (KIP-875), delete — with its
 * statuses: 201 on create, 202 for pause/resume/stop and a restart with tasks, 204 for delete and
 * a plain restart, 404 for an unknown connector, 409 for an existing one.
 */

import { HttpError } from '@samsa/common/http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Herder, TargetState } from '../herder-api.js';
import { boolParam, configBody, connectorName, handle } from './rest-support.js';

type Params = { connector: string; task?: string };
type Query = Record<string, string | string[] | undefined>;

const INITIAL_STATES: Readonly<Record<string, TargetState>> = {
  RUNNING: 'STARTED',
  PAUSED: 'PAUSED',
  STOPPED: 'STOPPED',
};

export function connectorRoutes(app: FastifyInstance, herder: Herder): void {
  app.get<{ Querystring: Query }>(
    '/connectors',
    handle(async (req) => {
      const raw = req.query.expand;
      const expand = new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((s) => s.split(',')));
      const names = herder.connectorNames();
      if (expand.size === 0) return names;
      const out: Record<string, Record<string, unknown>> = {};
      for (const n of names) {
        const e: Record<string, unknown> = {};
        if (expand.has('status')) e.status = herder.status(n);
        if (expand.has('info')) e.info = herder.info(n);
        out[n] = e;
      }
      return out;
    }),
  );

  app.post(
    '/connectors',
    handle(async (req: FastifyRequest, reply: FastifyReply) => {
      const body = req.body as { name?: unknown; config?: unknown; initial_state?: unknown } | null;
      if (typeof body !== 'object' || body === null) throw new HttpError(400, 'Request body must be a JSON object');
      const name = connectorName(body.name);
      const config = configBody(body.config ?? {});
      if (config.name !== undefined && config.name !== name) {
        throw new HttpError(
          400,
          `Connector name configuration (${config.name}) doesn't match connector name in the URL (${name})`,
        );
      }
      let initialState: TargetState | undefined;
      if (body.initial_state !== undefined && body.initial_state !== null) {
        initialState = INITIAL_STATES[String(body.initial_state).toUpperCase()];
        if (!initialState) throw new HttpError(400, `Invalid initial state: ${String(body.initial_state)}`);
      }
      const { info } = await herder.putConnectorConfig(name, config, {
        allowReplace: false,
        ...(initialState ? { initialState } : {}),
      });
      reply.code(201).header('location', `/connectors/${encodeURIComponent(name)}`);
      return info;
    }),
  );

  app.get<{ Params: Params }>(
    '/connectors/:connector',
    handle(async (req) => herder.info(req.params.connector)),
  );
  app.get<{ Params: Params }>(
    '/connectors/:connector/config',
    handle(async (req) => herder.config(req.params.connector)),
  );

  app.put<{ Params: Params }>(
    '/connectors/:connector/config',
    handle(async (req, reply) => {
      const name = connectorName(req.params.connector);
      const config = configBody(req.body);
      if (config.name !== undefined && config.name !== name) {
        throw new HttpError(
          400,
          `Connector name configuration (${config.name}) doesn't match connector name in the URL (${name})`,
        );
      }
      const { created, info } = await herder.putConnectorConfig(name, config, { allowReplace: true });
      reply.code(created ? 201 : 200);
      if (created) reply.header('location', `/connectors/${encodeURIComponent(name)}`);
      return info;
    }),
  );

  app.get<{ Params: Params }>(
    '/connectors/:connector/status',
    handle(async (req) => herder.status(req.params.connector)),
  );
  app.get<{ Params: Params }>(
    '/connectors/:connector/tasks',
    handle(async (req) => herder.taskConfigs(req.params.connector)),
  );

  app.get<{ Params: Params }>(
    '/connectors/:connector/topics',
    handle(async (req) => ({ [req.params.connector]: { topics: herder.activeTopics(req.params.connector) } })),
  );

  app.put<{ Params: Params }>(
    '/connectors/:connector/topics/reset',
    handle(async (req, reply) => {
      herder.resetActiveTopics(req.params.connector);
      reply.code(202);
      return null;
    }),
  );

  app.get<{ Params: Params }>(
    '/connectors/:connector/tasks/:task/status',
    handle(async (req) => {
      return herder.taskStatus(req.params.connector, taskNumber(req.params.task));
    }),
  );

  app.post<{ Params: Params; Querystring: Query }>(
    '/connectors/:connector/restart',
    handle(async (req, reply) => {
      const includeTasks = boolParam(req.query.includeTasks, false);
      const onlyFailed = boolParam(req.query.onlyFailed, false);
      const status = await herder.restart(req.params.connector, { includeTasks, onlyFailed });
      if (!includeTasks && !onlyFailed) {
        reply.code(204);
        return null;
      }
      reply.code(202);
      return status;
    }),
  );

  app.post<{ Params: Params }>(
    '/connectors/:connector/tasks/:task/restart',
    handle(async (req, reply) => {
      await herder.restartTask(req.params.connector, taskNumber(req.params.task));
      reply.code(204);
      return null;
    }),
  );

  for (const [path, action] of [
    ['pause', (n: string) => herder.pause(n)],
    ['resume', (n: string) => herder.resume(n)],
    ['stop', (n: string) => herder.stop(n)],
  ] as const) {
    app.put<{ Params: Params }>(
      `/connectors/:connector/${path}`,
      handle(async (req, reply) => {
        await action(req.params.connector);
        reply.code(202);
        return null;
      }),
    );
  }

  app.delete<{ Params: Params }>(
    '/connectors/:connector',
    handle(async (req, reply) => {
      await herder.deleteConnector(req.params.connector);
      reply.code(204);
      return null;
    }),
  );
}

function taskNumber(raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(404, `Task ${raw} not found`);
  return n;
}
