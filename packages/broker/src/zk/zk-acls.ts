/**
 * Which ZooKeeper ACLs a znode Samsa creates gets (Kafka's `ZkData.defaultAcls`), and the digest
 * identity the broker authenticates with.
 *
 * With `zookeeper.set.acl=true` every znode gets "the broker's identity may do everything" plus
 * "anyone may read", except under the sensitive roots (SCRAM credentials in /config/users,
 * broker configs that may hold passwords in /config/brokers, delegation tokens), which nobody else
 * may even read. Without it, znodes are open (world:anyone ALL), as Kafka's are.
 *
 * Kafka's brokers authenticate with SASL (DIGEST-MD5 through a JAAS `Client` section), so its
 * creator ACL names `sasl:<user>`. Our ZooKeeper client cannot speak ZooKeeper's SASL exchange, so
 * the broker uses the `digest` scheme with the same user and password: its identity is
 * `digest:<user>:<base64(sha1(user:password))>`, and that id is what the ACLs name.
 */
import { createHash } from 'node:crypto';

/** ZooKeeper's permission bits (ZooDefs.Perms). */
export const ZkPerms = { READ: 1, WRITE: 2, CREATE: 4, DELETE: 8, ADMIN: 16, ALL: 31 } as const;

export interface ZkAcl {
  readonly scheme: string;
  readonly id: string;
  readonly perms: number;
}

/** Credentials a session presents with addAuthInfo('digest', 'user:password'). */
export interface ZkDigestCredentials {
  readonly user: string;
  readonly password: string;
  /** Where they came from, for error messages (e.g. the JAAS file and section). */
  readonly source: string;
}

export const WORLD_ANYONE = { scheme: 'world', id: 'anyone' } as const;

/** Kafka's sensitive roots: no world READ at or below them. */
export const SENSITIVE_ROOT_PATHS: readonly string[] = ['/config/users', '/config/brokers', '/delegation_token/tokens'];

/** Kafka's `sensitivePath`: a plain prefix test, as Kafka does it. */
export function isSensitivePath(path: string): boolean {
  return SENSITIVE_ROOT_PATHS.some((root) => path.startsWith(root));
}

/** ZooKeeper's DigestAuthenticationProvider id: `user:base64(sha1("user:password"))`. */
export function digestId(user: string, password: string): string {
  return `${user}:${createHash('sha1').update(`${user}:${password}`, 'utf8').digest('base64')}`;
}

/** The ACLs of the znodes a session creates, by path (relative to the chroot). */
export type ZkAclPolicy = (path: string) => readonly ZkAcl[];

const OPEN: readonly ZkAcl[] = [{ ...WORLD_ANYONE, perms: ZkPerms.ALL }];

export const openAcls: ZkAclPolicy = () => OPEN;

/** Kafka's defaultAcls for a secure broker whose identity is `digest:<owner>`. */
export function secureAcls(credentials: ZkDigestCredentials): ZkAclPolicy {
  const owner: ZkAcl = { scheme: 'digest', id: digestId(credentials.user, credentials.password), perms: ZkPerms.ALL };
  const readable: readonly ZkAcl[] = [owner, { ...WORLD_ANYONE, perms: ZkPerms.READ }];
  const secret: readonly ZkAcl[] = [owner];
  return (path) => (isSensitivePath(path) ? secret : readable);
}

/** `digest:samsa:…=cdrwa, world:anyone=r`, as zkCli's getAcl shows them but without password hashes (for logs). */
export function formatAcls(acls: readonly ZkAcl[]): string {
  const letters = (p: number) =>
    [
      [ZkPerms.CREATE, 'c'],
      [ZkPerms.DELETE, 'd'],
      [ZkPerms.READ, 'r'],
      [ZkPerms.WRITE, 'w'],
      [ZkPerms.ADMIN, 'a'],
    ]
      .filter(([bit]) => (p & (bit as number)) !== 0)
      .map(([, l]) => l)
      .join('');
  const shown = (a: ZkAcl) => (a.scheme === 'digest' ? `${a.id.slice(0, a.id.indexOf(':'))}:…` : a.id);
  return acls.map((a) => `${a.scheme}:${shown(a)}=${letters(a.perms)}`).join(', ');
}
