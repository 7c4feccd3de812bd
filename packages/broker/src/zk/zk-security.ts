/**
 * How a broker authenticates to ZooKeeper and which ACLs its znodes get, from its config:
 * `java.security.auth.login.config` names a JAAS file (Kafka's own format) whose `Client` section
 * (`zookeeper.sasl.clientconfig`) holds DigestLoginModule's username and password, and
 * `zookeeper.set.acl` turns on Kafka's secure default ACLs. As in Kafka, set.acl without
 * credentials is a configuration error: the broker would create znodes nobody may write.
 *
 * `checkZkAccess` runs once a session is up, before the broker writes anything: a broker whose
 * credentials are not the ones the cluster's znodes were created with stops with a message that
 * says so, instead of failing somewhere in registration or the controller.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, parseJaasFile } from '@samsa/common';
import {
  digestId,
  formatAcls,
  openAcls,
  secureAcls,
  type ZkAclPolicy,
  type ZkDigestCredentials,
  ZkPerms,
} from './zk-acls.js';
import { type ZkClient, ZkError } from './zk-client.js';

const DIGEST_LOGIN_MODULE = 'org.apache.zookeeper.server.auth.DigestLoginModule';
const FILE_KEY = 'java.security.auth.login.config';

export interface ZkSecurity {
  readonly auth?: ZkDigestCredentials;
  readonly acls: ZkAclPolicy;
}

export function zkSecurityOf(settings: {
  zookeeperSetAcl: boolean;
  zookeeperJaasFile: string | null;
  zookeeperJaasSection: string;
}): ZkSecurity {
  const auth = settings.zookeeperJaasFile
    ? readCredentials(settings.zookeeperJaasFile, settings.zookeeperJaasSection)
    : undefined;
  if (settings.zookeeperSetAcl && !auth) {
    throw ConfigError.invalidValue(
      'zookeeper.set.acl',
      'true',
      `secure ZooKeeper ACLs need ZooKeeper credentials: set ${FILE_KEY} to a JAAS file with a ` +
        `${settings.zookeeperJaasSection} section (${DIGEST_LOGIN_MODULE} required username="..." password="...";)`,
    );
  }
  return { ...(auth ? { auth } : {}), acls: settings.zookeeperSetAcl && auth ? secureAcls(auth) : openAcls };
}

function readCredentials(file: string, section: string): ZkDigestCredentials {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw ConfigError.invalidValue(FILE_KEY, file, `cannot read the JAAS file: ${(err as Error).message}`);
  }
  let modules: ReturnType<typeof parseJaasFile>;
  try {
    modules = parseJaasFile(text);
  } catch (err) {
    throw ConfigError.invalidValue(FILE_KEY, file, `invalid JAAS file: ${(err as Error).message}`);
  }
  const entries = modules.get(section);
  if (!entries) throw ConfigError.invalidValue(FILE_KEY, file, `the JAAS file has no section named ${section}`);
  const digest = entries.find((m) => m.className === DIGEST_LOGIN_MODULE);
  const user = digest?.options.get('username');
  const password = digest?.options.get('password');
  if (!digest || !user || password === undefined) {
    throw ConfigError.invalidValue(
      FILE_KEY,
      file,
      `section ${section} needs ${DIGEST_LOGIN_MODULE} with username and password ` +
        '(Samsa authenticates to ZooKeeper with the digest scheme; Kerberos is not supported)',
    );
  }
  return { user, password, source: `section ${section} of ${file}` };
}

/** A persistent path every broker creates children under; its ACL tells who the cluster's owner is. */
const PROBE_PATH = '/brokers/ids';

/**
 * Fails with NO_AUTH when this session may not create brokers' registrations (nor anything else
 * the owner of the cluster's znodes created). A fresh cluster (no probe path yet) passes.
 */
export async function checkZkAccess(zk: ZkClient, auth: ZkDigestCredentials | undefined): Promise<void> {
  if (!(await zk.exists(PROBE_PATH))) return;
  const acls = await zk.getAcl(PROBE_PATH);
  const mine = auth ? digestId(auth.user, auth.password) : null;
  const allowed = acls.some(
    (a) =>
      (a.perms & ZkPerms.CREATE) !== 0 &&
      ((a.scheme === 'world' && a.id === 'anyone') || (a.scheme === 'digest' && a.id === mine)),
  );
  if (allowed) return;
  const who = auth
    ? `ZooKeeper user '${auth.user}' (${auth.source})`
    : `a broker without ZooKeeper credentials (no ${FILE_KEY})`;
  throw new ZkError(
    'NO_AUTH',
    `ZooKeeper refuses ${who} write access to ${PROBE_PATH} (ACL: ${formatAcls(acls)}): ` +
      "the cluster's znodes were created with other ZooKeeper credentials",
    PROBE_PATH,
  );
}
