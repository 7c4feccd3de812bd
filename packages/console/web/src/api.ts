/**
 * The page's only way to the server: JSON over fetch, with the CSRF header on writes (the token
 * comes from GET /api/session, never from a URL), errors as ApiError with the server's message,
 * and Server-Sent Events for live data.
 */
export interface Session {
  readOnly: boolean;
  csrfHeader: string;
  csrfToken: string;
  /** The cluster needs SASL credentials: the login page shows until somebody logs in. */
  loginRequired: boolean;
  /** Who the console acts as (User:alice), or null. */
  principal: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let session: Session | null = null;

export async function loadSession(): Promise<Session> {
  session = await api<Session>('GET', '/api/session');
  return session;
}

let unauthorized: () => void = () => {};

/** Called when a call answers 401 (not logged in, or the session expired). */
export function onUnauthorized(fn: () => void): void {
  unauthorized = fn;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session) headers[session.csrfHeader] = session.csrfToken;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const parsed = text === '' ? null : JSON.parse(text);
  if (res.status === 401 && path !== '/api/login') unauthorized();
  if (!res.ok) throw new ApiError(res.status, parsed?.message ?? `HTTP ${res.status}`);
  return parsed as T;
}

/** Subscribes to an SSE stream; returns the function that closes it. */
export function live<T>(path: string, event: string, onData: (data: T) => void): () => void {
  const source = new EventSource(path);
  source.addEventListener(event, (e) => onData(JSON.parse((e as MessageEvent<string>).data) as T));
  return () => source.close();
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
