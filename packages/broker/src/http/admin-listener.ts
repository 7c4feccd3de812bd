/**
 * Starts the broker's admin HTTP servers, one per admin.listeners URL (none by default).
 */
import type { Logger } from '@samsa/common';
import { type HttpServer, startHttpServer } from '@samsa/common/http';
import { type AdminRoutesOptions, adminRoutes } from './admin-routes.js';

export async function startAdminListeners(
  urls: readonly string[],
  routes: AdminRoutesOptions,
  logger: Logger,
): Promise<HttpServer[]> {
  const servers: HttpServer[] = [];
  try {
    for (const listener of urls) {
      servers.push(await startHttpServer({ listener, logger, routes: adminRoutes(routes) }));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
  return servers;
}
