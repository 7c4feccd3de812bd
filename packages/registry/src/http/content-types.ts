/**
 * Confluent's content types: requests may be `application/vnd.schemaregistry.v1+json`,
 * `application/vnd.schemaregistry+json`, `application/json` or `application/octet-stream` (all
 * JSON); answers are `application/vnd.schemaregistry.v1+json` unless the client accepts only
 * `application/json`.
 */
import type { HttpApp } from '@samsa/common/http';
import { HttpError } from '@samsa/common/http';

export const SR_V1_JSON = 'application/vnd.schemaregistry.v1+json';

export function installContentTypes(app: HttpApp): void {
  app.addContentTypeParser(
    ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/octet-stream'],
    { parseAs: 'string' },
    (_req, body, done) => {
      try {
        done(null, body === '' ? {} : JSON.parse(body as string));
      } catch (err) {
        done(new HttpError(400, `Unexpected character in the JSON body: ${(err as Error).message}`, 400), undefined);
      }
    },
  );
  app.addHook('onSend', async (req, reply, payload) => {
    const accept = req.headers.accept ?? '';
    const jsonOnly =
      accept.includes('application/json') && !accept.includes('vnd.schemaregistry') && !accept.includes('*/*');
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json') && !jsonOnly)
      reply.header('content-type', SR_V1_JSON);
    return payload;
  });
}
