/**
 * @samsa/common/http: what every Samsa HTTP server shares (one library, fastify; one error mapping).
 * A subpath of its own so that packages with no HTTP server (the client) never load fastify.
 */
/** The app routes are registered on (fastify's instance), so users need not depend on fastify. */
export type { FastifyInstance as HttpApp, FastifyReply as HttpReply, FastifyRequest as HttpRequest } from 'fastify';
export { HttpError, type HttpErrorBody } from './http-error.js';
export {
  errorBody,
  type HttpServer,
  type HttpServerOptions,
  installErrorMapping,
  startHttpServer,
} from './http-server.js';
export { type HttpListener, HttpListenerError, parseHttpListener } from './listener-url.js';
