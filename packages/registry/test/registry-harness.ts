/**
 * Test helpers: a registry on a test broker (port 0, silent), and a small HTTP client speaking
 * Confluent's content type that answers status and parsed body.
 */
import { silentLogger } from '@samsa/common';
import { SchemaRegistry } from '../src/index.js';

export async function startRegistry(bootstrap: string, extra: Record<string, string> = {}): Promise<SchemaRegistry> {
  return SchemaRegistry.start({
    config: {
      listeners: 'http://127.0.0.1:0',
      'kafkastore.bootstrap.servers': bootstrap,
      'kafkastore.session.timeout.ms': '6000',
      'kafkastore.heartbeat.interval.ms': '500',
      ...extra,
    },
    client: { logger: silentLogger },
    logger: silentLogger,
  });
}

export interface Answer {
  status: number;
  contentType: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes
  body: any;
}

export async function call(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/vnd.schemaregistry.v1+json',
      accept: 'application/vnd.schemaregistry.v1+json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: parsed };
}

/** Waits (bounded) until `check` holds. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const userV1 = JSON.stringify({
  type: 'record',
  name: 'User',
  namespace: 'samsa.test',
  fields: [{ name: 'name', type: 'string' }],
});
export const userV2 = JSON.stringify({
  type: 'record',
  name: 'User',
  namespace: 'samsa.test',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'age', type: 'int', default: 0 },
  ],
});
/** Adds a field without a default: incompatible BACKWARD with userV1. */
export const userBad = JSON.stringify({
  type: 'record',
  name: 'User',
  namespace: 'samsa.test',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'email', type: 'string' },
  ],
});
