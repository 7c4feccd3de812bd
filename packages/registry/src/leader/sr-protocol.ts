/**
 * Confluent's schema registry group protocol (`SchemaRegistryProtocol`, protocol type "sr",
 * sub-protocol "v0"), so Samsa's registries elect their leader as Confluent's do, in the same
 * kind of group: each member's JoinGroup metadata is its identity as JSON, and the group leader
 * hands every member the same JSON assignment naming the registry leader. Pure functions.
 */

export const SR_PROTOCOL_TYPE = 'sr';
export const SR_SUBPROTOCOL = 'v0';

export interface RegistryIdentity {
  host: string;
  port: number;
  scheme: string;
  leaderEligibility: boolean;
}

export interface SrAssignment {
  /** 0: none; 1: two members advertise the same URL (they could not forward to each other). */
  error: number;
  leaderMemberId: string | null;
  leader: RegistryIdentity | null;
}

export const identityUrl = (i: RegistryIdentity): string => `${i.scheme}://${i.host}:${i.port}`;

export function encodeIdentity(i: RegistryIdentity): Buffer {
  return Buffer.from(
    JSON.stringify({
      version: 1,
      host: i.host,
      port: i.port,
      scheme: i.scheme,
      master_eligibility: i.leaderEligibility,
    }),
  );
}

export function decodeIdentity(b: Buffer | Record<string, unknown>): RegistryIdentity | null {
  try {
    const o = (Buffer.isBuffer(b) ? JSON.parse(b.toString('utf8')) : b) as Record<string, unknown>;
    if (typeof o.host !== 'string' || typeof o.port !== 'number') return null;
    return {
      host: o.host,
      port: o.port,
      scheme: typeof o.scheme === 'string' ? o.scheme : 'http',
      leaderEligibility: o.master_eligibility !== false,
    };
  } catch {
    return null;
  }
}

export function encodeAssignment(a: SrAssignment): Buffer {
  const out: Record<string, unknown> = { version: 1, error: a.error };
  if (a.leaderMemberId !== null) out.master = a.leaderMemberId;
  if (a.leader !== null) {
    const i = a.leader;
    out.master_identity = { version: 1, host: i.host, port: i.port, scheme: i.scheme, master_eligibility: true };
  }
  return Buffer.from(JSON.stringify(out));
}

export function decodeAssignment(b: Buffer): SrAssignment | null {
  try {
    const o = JSON.parse(b.toString('utf8')) as Record<string, unknown>;
    const leader = o.master_identity ? decodeIdentity(o.master_identity as Record<string, unknown>) : null;
    return { error: typeof o.error === 'number' ? o.error : 0, leaderMemberId: (o.master as string) ?? null, leader };
  } catch {
    return null;
  }
}

/**
 * Confluent's choice: the leader-eligible member whose URL sorts first; every member gets the same
 * assignment. Duplicate URLs are reported as error 1 (members could not forward to each other).
 */
export function electLeader(members: Array<{ memberId: string; metadata: Buffer }>): Map<string, Buffer> {
  let leader: { memberId: string; identity: RegistryIdentity } | null = null;
  const urls = new Set<string>();
  for (const m of members) {
    const identity = decodeIdentity(m.metadata);
    if (identity === null) continue;
    urls.add(identityUrl(identity));
    if (identity.leaderEligibility && (leader === null || identityUrl(identity) < identityUrl(leader.identity))) {
      leader = { memberId: m.memberId, identity };
    }
  }
  const assignment = encodeAssignment({
    error: urls.size === members.length ? 0 : 1,
    leaderMemberId: leader?.memberId ?? null,
    leader: leader?.identity ?? null,
  });
  return new Map(members.map((m) => [m.memberId, assignment]));
}
