/**
 * The TLS options each broker's outgoing inter-broker connections use, by broker id. The broker
 * sets its entry when it starts (and again when a dynamic key store change rebuilds them) and
 * removes it when it stops; interBrokerConnection and the replica fetchers read it. A table
 * rather than a parameter because those connections are made deep inside the controller, the
 * replica fetchers and the coordinators, which all know the broker id and nothing of TLS.
 */
import type { ClientTlsOptions } from '@samsa/client';

export interface InterBrokerSecurity {
  /** For the inter-broker listener (replica fetchers, AlterPartition, txn markers, shutdown). */
  readonly interBroker: ClientTlsOptions | undefined;
  /** For the control plane listener when set (the controller's channel), else as interBroker. */
  readonly controlPlane: ClientTlsOptions | undefined;
}

const byBroker = new Map<number, InterBrokerSecurity>();

export function setInterBrokerSecurity(brokerId: number, security: InterBrokerSecurity | null): void {
  if (security) byBroker.set(brokerId, security);
  else byBroker.delete(brokerId);
}

export function interBrokerTls(brokerId: number, purpose: 'controller' | 'inter-broker'): ClientTlsOptions | undefined {
  const s = byBroker.get(brokerId);
  return purpose === 'controller' ? s?.controlPlane : s?.interBroker;
}
