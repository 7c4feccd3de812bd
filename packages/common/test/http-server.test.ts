/**
 * @samsa/common/http: a server starts on an http:// listener URL (port 0 → the bound port), and every
 * error leaves as { error_code, message }: an HttpError with its status, an unknown path 404, a bad
 * JSON body 400, anything unexpected 500 without its message (logged instead).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HttpError, type HttpServer, parseHttpListener, startHttpServer } from '../src/http/index.js';
import type { LogFields, Logger } from '../src/index.js';

function collectingLogger(lines: Array<{ level: string; msg: string; fields?: LogFields }>): Logger {
  const at =
    (level: string) =>
    (a: LogFields | string, b?: string): void => {
      lines.push(typeof a === 'string' ? { level, msg: a } : { level, msg: b ?? '', fields: a });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

describe('startHttpServer and the shared error mapping', () => {
  const lines: Array<{ level: string; msg: string; fields?: LogFields }> = [];
  let server: HttpServer;
  before(async () => {
    server = await startHttpServer({
      listener: 'http://127.0.0.1:0',
      logger: collectingLogger(lines),
      routes: (app) => {
        app.get('/ok', async () => ({ fine: true }));
        app.get('/gone', async () => {
          throw new HttpError(410, 'subject deleted', 40401);
        });
        app.get('/bug', async () => {
          throw new TypeError('secret internals');
        });
        app.post('/echo', async (req) => req.body);
      },
    });
  });
  after(async () => {
    await server.close();
    await server.close(); // idempotent
  });

  it('binds the port asked for, or a free one for 0, and says so in its URL', async () => {
    assert.ok(server.port > 0);
    assert.equal(server.url, `http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/ok`);
    assert.deepEqual(await res.json(), { fine: true });
    assert.ok(lines.some((l) => l.level === 'info' && l.msg === 'HTTP listening'));
  });

  it('maps HttpError, unknown paths, bad bodies and unexpected errors to JSON bodies', async () => {
    const gone = await fetch(`${server.url}/gone`);
    assert.equal(gone.status, 410);
    assert.deepEqual(await gone.json(), { error_code: 40401, message: 'subject deleted' });

    const missing = await fetch(`${server.url}/nope`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error_code: 404, message: 'HTTP 404 Not Found' });

    const bad = await fetch(`${server.url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(bad.status, 400);
    const badBody = (await bad.json()) as { error_code: number; message: string };
    assert.equal(badBody.error_code, 400);

    const bug = await fetch(`${server.url}/bug`);
    assert.equal(bug.status, 500);
    assert.deepEqual(await bug.json(), { error_code: 500, message: 'Internal Server Error' });
    assert.ok(lines.some((l) => l.level === 'error' && l.msg === 'HTTP request failed'));
  });
});

describe('parseHttpListener', () => {
  it('reads host and port, IPv6 included, and refuses what it cannot serve', () => {
    assert.deepEqual(parseHttpListener('http://127.0.0.1:9644'), { host: '127.0.0.1', port: 9644 });
    assert.deepEqual(parseHttpListener('http://[::1]:0'), { host: '::1', port: 0 });
    assert.deepEqual(parseHttpListener('http://localhost:80'), { host: 'localhost', port: 80 });
    assert.throws(() => parseHttpListener('https://127.0.0.1:9644'), /only http:\/\//);
    assert.throws(() => parseHttpListener('http://127.0.0.1'), /names no port/);
    assert.throws(() => parseHttpListener('127.0.0.1:9644'), /not a URL|only http/);
  });
});
