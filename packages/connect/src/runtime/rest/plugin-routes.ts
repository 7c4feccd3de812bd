/**
 * /connector-plugins: Kafka Connect's ConnectorPluginsResource — the plug-ins (connectors only
 * unless ?connectorsOnly=false), a plug-in's config definition (KIP-769) and validation of a
 * configuration against it, answered per field (ConfigInfos) with status 200 whatever the errors.
 */

import { HttpError } from '@samsa/common/http';
import type { FastifyInstance } from 'fastify';
import { keyInfo } from '../../api/connect-config-def.js';
import type { Connector } from '../../api/connector.js';
import type { Herder } from '../herder-api.js';
import type { PluginKind } from '../plugins.js';
import { boolParam, configBody, handle } from './rest-support.js';

type Params = { plugin: string };

/** Kafka's normalization: "FileStreamSinkConnector" and "FileStreamSink" name the same plug-in. */
const normalized = (name: string): string => name.replace(/Connector$/, '');

export function pluginRoutes(app: FastifyInstance, herder: Herder): void {
  const plugins = herder.worker.plugins;

  app.get<{ Querystring: { connectorsOnly?: string } }>(
    '/connector-plugins',
    handle(async (req) => {
      const kinds: PluginKind[] | undefined = boolParam(req.query.connectorsOnly, true)
        ? ['source', 'sink']
        : undefined;
      return plugins
        .list(kinds)
        .map((p) => ({ class: p.className, type: p.kind, version: p.version }))
        .sort((a, b) => (a.class < b.class ? -1 : a.class > b.class ? 1 : 0));
    }),
  );

  app.get<{ Params: Params }>(
    '/connector-plugins/:plugin/config',
    handle(async (req) => {
      const desc = plugins.find(req.params.plugin);
      if (!desc) throw new HttpError(404, `Unknown plugin ${req.params.plugin}.`);
      const def = (desc.create() as Connector).config();
      return [...def.keys()].filter((k) => !k.internal).map(keyInfo);
    }),
  );

  app.put<{ Params: Params }>(
    '/connector-plugins/:plugin/config/validate',
    handle(async (req) => {
      const pluginName = req.params.plugin;
      const config = configBody(req.body);
      const included = config['connector.class'];
      if (included !== undefined && !normalized(included).endsWith(normalized(pluginName))) {
        throw new HttpError(400, `Included connector type ${included} does not match request type ${pluginName}`);
      }
      config['connector.class'] = pluginName;
      const { type: _type, ...infos } = herder.validate(config);
      return infos;
    }),
  );
}
