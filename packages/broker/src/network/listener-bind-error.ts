/**
 * A listener could not bind its address (the port is taken, the host is not an address of this
 * machine, a privileged port...). Thrown by the broker's start before anything is written to disk;
 * the message names the listener, the address and the `listeners` key to fix.
 */
export interface ListenerAddress {
  listener: string;
  host: string;
  port: number;
}

export class ListenerBindError extends Error {
  override readonly name = 'ListenerBindError';
  /** The broker config that chose the address. */
  readonly key = 'listeners';
  readonly listener: string;
  readonly address: string;
  /** The system error code, e.g. EADDRINUSE, EADDRNOTAVAIL, EACCES. */
  readonly code: string;

  constructor(at: ListenerAddress, cause: unknown) {
    const address = `${at.host || '0.0.0.0'}:${at.port}`;
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
    super(
      `Socket server failed to bind listener ${at.listener} to ${address}: ${reason(code, cause)}. ` +
        `Check the broker config 'listeners'.`,
      { cause },
    );
    this.listener = at.listener;
    this.address = address;
    this.code = code;
  }
}

function reason(code: string, cause: unknown): string {
  switch (code) {
    case 'EADDRINUSE':
      return 'address already in use (EADDRINUSE)';
    case 'EADDRNOTAVAIL':
      return 'not an address of this machine (EADDRNOTAVAIL)';
    case 'EACCES':
      return 'permission denied (EACCES)';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}
