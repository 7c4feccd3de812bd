/**
 * The TLS options and SASL authenticator each broker's outgoing inter-broker connections use, by
 * broker id. The broker sets its entry when it starts (and again when a dynamic config change
 * rebuilds them) and removes it when it stops; interBrokerConnection and the replica fetchers read
 * it. A table rather than a parameter because those connections are made deep inside the
 * controller, the replica fetchers and the coordinators, which all know the broker id and nothing
 * of TLS or SASL.
 */
import type { Authenticator, ClientTlsOptions } from '@samsa/client';

/** How to reach one listener of another broker: TLS (SSL, SASL_SSL) and SASL (SASL_*). */
export interface PeerSecurity {
  readonly tls: ClientTlsOptions | undefined;
  readonly authenticate: Authenticator | undefined;
}

export interface InterBrokerSecurity {
  /** For the inter-broker listener (replica fetchers, AlterPartition, txn markers, shutdown). */
  readonly interBroker: PeerSecurity;
  /** For the control plane listener when set (the controller's channel), else as interBroker. */
  readonly controlPlane: PeerSecurity;
}

const byBroker = new Map<number, InterBrokerSecurity>();

export function setInterBrokerSecurity(brokerId: number, security: InterBrokerSecurity | null): void {
  if (security) byBroker.set(brokerId, security);
  else byBroker.delete(brokerId);
}

/** Connection options (`tls`, `authenticate`) for this broker's connections of `purpose`. */
export function interBrokerPeerSecurity(
  brokerId: number,
  purpose: 'controller' | 'inter-broker',
): { tls?: ClientTlsOptions; authenticate?: Authenticator } {
  const s = byBroker.get(brokerId);
  const peer = purpose === 'controller' ? s?.controlPlane : s?.interBroker;
  return {
    ...(peer?.tls ? { tls: peer.tls } : {}),
    ...(peer?.authenticate ? { authenticate: peer.authenticate } : {}),
  };
}
