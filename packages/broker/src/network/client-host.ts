/**
 * A client's address as Kafka names hosts in ACLs, connection quotas and overrides: an IPv4 client
 * reached through a dual-stack socket ("::ffff:127.0.0.1") is its IPv4 address ("127.0.0.1").
 */
export function clientHostOf(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
