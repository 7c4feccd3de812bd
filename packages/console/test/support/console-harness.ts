/**
 * A broker in-process plus a console pointed at it, and a small HTTP client for the console's API
 * that sends the CSRF header the way the page does. Everything on port 0; stop() closes both.
 */
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { silentLogger } from '@samsa/client';
import { type ConsoleServer, startConsole } from '@samsa/console';

// Answers are JSON whose shape each test asserts field by field.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = any;

export interface ApiAnswer<T = Json> {
  status: number;
  body: T;
}

export interface Harness {
  broker: TestBroker;
  console: ConsoleServer;
  url: string;
  csrf: string;
  get<T = Json>(path: string): Promise<ApiAnswer<T>>;
  send<T = Json>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>>;
  stop(): Promise<void>;
}

export async function request(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<ApiAnswer> {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

export async function startHarness(options: { readOnly?: boolean; broker?: TestBroker } = {}): Promise<Harness> {
  const broker = options.broker ?? (await startTestBroker());
  const server = await startConsole({
    listener: 'http://127.0.0.1:0',
    client: { bootstrapServers: broker.bootstrap, logger: silentLogger },
    readOnly: options.readOnly ?? false,
    logger: silentLogger,
  });
  const session = await request(`${server.url}/api/session`, 'GET', undefined, {});
  const csrf = session.body.csrfToken as string;
  return {
    broker,
    console: server,
    url: server.url,
    csrf,
    get: (path) => request(`${server.url}${path}`, 'GET', undefined, {}),
    send: (method, path, body, headers) =>
      request(`${server.url}${path}`, method, body, { 'x-samsa-csrf': csrf, ...headers }),
    stop: async () => {
      await server.close();
      if (!options.broker) await broker.stop();
    },
  };
}

/** Polls `check` until it returns a value other than undefined, at most `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
