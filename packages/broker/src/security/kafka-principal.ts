/**
 * Who is speaking on a connection, as Kafka's KafkaPrincipal: a type ("User") and a name. Set once
 * the connection is authenticated (the TLS handshake for SSL listeners) and read by request
 * handling (quotas, the authorizer) from the request context.
 */
export interface KafkaPrincipal {
  readonly type: string;
  readonly name: string;
}

export const USER_TYPE = 'User';

/** Kafka's KafkaPrincipal.ANONYMOUS: PLAINTEXT connections and TLS clients without a certificate. */
export const ANONYMOUS: KafkaPrincipal = Object.freeze({ type: USER_TYPE, name: 'ANONYMOUS' });

/** "User:alice", as Kafka prints a principal in logs, ACLs and quota entities. */
export function principalToString(p: KafkaPrincipal): string {
  return `${p.type}:${p.name}`;
}
