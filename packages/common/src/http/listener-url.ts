/**
 * An HTTP listener as written in a config (`admin.listeners=http://127.0.0.1:9644`): scheme, host and
 * port. Port 0 means "any free port" (tests). Only http is served for now; https waits for the TLS
 * work, and is refused with a clear error rather than served in clear text.
 */
export interface HttpListener {
  host: string;
  port: number;
}

export class HttpListenerError extends Error {
  readonly code = 'INVALID_LISTENER';
  constructor(message: string) {
    super(message);
    this.name = 'HttpListenerError';
  }
}

export function parseHttpListener(text: string): HttpListener {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new HttpListenerError(`HTTP listener ${text} is not a URL like http://127.0.0.1:9644`);
  }
  if (url.protocol !== 'http:') {
    throw new HttpListenerError(`HTTP listener ${text}: only http:// is supported`);
  }
  // URL leaves the port empty when it is the scheme's default (80) or absent.
  const explicit80 = /:80\/?$/.test(text.trim());
  if (url.port === '' && !explicit80) throw new HttpListenerError(`HTTP listener ${text} names no port`);
  // listen() wants an IPv6 host without its brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: url.port === '' ? 80 : Number(url.port) };
}
