/**
 * A broker with a PLAINTEXT listener (User:ANONYMOUS, a super user: the tests' own set-up) and a
 * SASL_PLAINTEXT listener taking SCRAM-SHA-256 (admin, alice, bob), with Kafka's ACL authorizer;
 * and a console in login mode pointed at the SASL listener, with a browser-like HTTP client that
 * keeps the session cookie. Everything on port 0; stop() closes it all.
 */
import { startTestBroker, type TestBroker } from '@samsa/broker/testing';
import { Admin, silentLogger } from '@samsa/client';
import type { Logger } from '@samsa/common';
import { type ConsoleServer, startConsole } from '@samsa/console';
import type { ApiAnswer } from './console-harness.js';

export const PASSWORDS = { admin: 'admin-secret-1', alice: 'alice-secret-2', bob: 'bob-secret-3' };

export async function startSaslBroker(): Promise<{ broker: TestBroker; sasl: string; setup: Admin }> {
  const creds = Object.entries(PASSWORDS)
    .map(([name, password]) => `SCRAM-SHA-256=[name=${name},password=${password}]`)
    .join(';');
  const broker = await startTestBroker({
    config: {
      listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-256',
      'samsa.scram.bootstrap.credentials': creds,
      'connection.failed.authentication.delay.ms': 10,
      'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer',
      'super.users': 'User:admin;User:ANONYMOUS',
    },
  });
  const sasl = `127.0.0.1:${broker.broker.listenerPort('SASL_PLAINTEXT')}`;
  const setup = new Admin({ bootstrapServers: broker.bootstrap, logger: silentLogger });
  return { broker, sasl, setup };
}

/** A browser stand-in: sends the CSRF header on writes and the session cookie once it has one. */
export class Browser {
  cookie: string | undefined;
  setCookie: string | null = null;
  csrf = '';
  constructor(readonly url: string) {}

  async request(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') headers['x-samsa-csrf'] = this.csrf;
    if (this.cookie) headers.cookie = this.cookie;
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    this.setCookie = res.headers.get('set-cookie');
    if (this.setCookie) {
      const value = this.setCookie.split(';')[0] as string;
      this.cookie = /Max-Age=0/.test(this.setCookie) ? undefined : value;
    }
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text) };
  }

  async open(): Promise<ApiAnswer> {
    const s = await this.request('GET', '/api/session');
    this.csrf = s.body.csrfToken;
    return s;
  }

  login(username: string, password: string): Promise<ApiAnswer> {
    return this.request('POST', '/api/login', { username, password });
  }
}

export async function startLoginConsole(
  sasl: string,
  opts: { readOnly?: boolean; idleMs?: number; logger?: Logger } = {},
): Promise<ConsoleServer> {
  return startConsole({
    listener: 'http://127.0.0.1:0',
    client: { bootstrapServers: sasl, logger: silentLogger },
    readOnly: opts.readOnly ?? false,
    logger: opts.logger ?? silentLogger,
    login: { mechanism: 'scram-sha-256', ...(opts.idleMs !== undefined ? { idleMs: opts.idleMs } : {}) },
  });
}
