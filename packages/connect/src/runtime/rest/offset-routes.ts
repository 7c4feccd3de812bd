/** /connectors/{c}/offsets: KIP-875's GET, PATCH and DELETE, with Kafka's bodies and messages. */

import { HttpError } from '@samsa/common/http';
import type { FastifyInstance } from 'fastify';
import { alterOffsets, type ConnectorOffset, connectorOffsets, resetOffsets } from '../connector-offsets.js';
import type { Herder } from '../herder-api.js';
import { handle } from './rest-support.js';

type Params = { connector: string };

export function offsetRoutes(app: FastifyInstance, herder: Herder): void {
  app.get<{ Params: Params }>(
    '/connectors/:connector/offsets',
    handle(async (req) => connectorOffsets(herder, req.params.connector)),
  );

  app.patch<{ Params: Params }>(
    '/connectors/:connector/offsets',
    handle(async (req) => {
      const offsets = (req.body as { offsets?: unknown } | null)?.offsets;
      if (!Array.isArray(offsets) || offsets.length === 0) {
        throw new HttpError(400, 'Partitions / offsets need to be provided for an alter offsets request');
      }
      for (const o of offsets) {
        const ok =
          typeof o === 'object' &&
          o !== null &&
          typeof o.partition === 'object' &&
          o.partition !== null &&
          (o.offset === null || typeof o.offset === 'object');
        if (!ok) throw new HttpError(400, 'Each entry needs a "partition" object and an "offset" object (or null)');
      }
      return { message: await alterOffsets(herder, req.params.connector, offsets as ConnectorOffset[]) };
    }),
  );

  app.delete<{ Params: Params }>(
    '/connectors/:connector/offsets',
    handle(async (req) => {
      return { message: await resetOffsets(herder, req.params.connector) };
    }),
  );
}
