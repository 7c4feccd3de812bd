/**
 * Apache Kafka as a peer: 3.9 with ZooKeeper and 4.1 in KRaft combined mode (one node that is both
 * broker and controller), started from the jars scripts/references/install.sh caches, as Kafka's own
 * start scripts would (`kafka-server-start.sh`'s heap and GC settings, `zookeeper-server-start.sh`'s
 * for ZooKeeper, which Kafka 3.9's distribution ships). 127.0.0.1, free ports, data in a temp dir.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../broker-process.js';
import { runChild } from '../child.js';
import type { BenchBroker } from '../workloads.js';
import { ServerProcess } from './server-process.js';

export const KAFKA_PEERS = { 'kafka-3.9': '3.9.2', 'kafka-4.1': '4.1.2' } as const;
export type KafkaPeer = keyof typeof KAFKA_PEERS;

/** KAFKA_HEAP_OPTS and KAFKA_JVM_PERFORMANCE_OPTS as kafka-server-start.sh / kafka-run-class.sh set them. */
export const KAFKA_JVM_FLAGS = [
  '-Xmx1G',
  '-Xms1G',
  '-server',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:MaxInlineLevel=15',
  '-Djava.awt.headless=true',
];
/** zookeeper-server-start.sh's heap. */
const ZOOKEEPER_HEAP = ['-Xmx512M', '-Xms512M'];

/** A JVM takes several seconds to listen, more on a loaded 2-core machine. */
const START_TIMEOUT_MS = 120_000;

/**
 * Broker settings beside Kafka's defaults: a single broker cannot host the internal topics at their
 * default replication factor of 3 (Kafka's own config/server.properties sets these to 1 too).
 * Everything else (one partition per auto-created topic, replication factor 1, flushing left to the
 * OS) is Kafka's default, as Samsa's run uses Samsa's, which are Kafka's.
 */
const SINGLE_BROKER = [
  'offsets.topic.replication.factor=1',
  'transaction.state.log.replication.factor=1',
  'transaction.state.log.min.isr=1',
];

function referencesDir(): string {
  return process.env.SAMSA_REFERENCES ?? join(homedir(), '.cache', 'samsa-references');
}

/** Why this Kafka cannot run here, or null when it can. */
export function kafkaMissing(peer: KafkaPeer): string | null {
  const dir = join(referencesDir(), `kafka-${KAFKA_PEERS[peer]}`);
  if (!existsSync(join(dir, '.complete'))) {
    return `${dir} missing (run scripts/references/install.sh)`;
  }
  if (spawnSync('java', ['-version'], { stdio: 'ignore', timeout: 60_000 }).error) {
    return 'no java on PATH (apt-get install openjdk-17-jre-headless)';
  }
  return null;
}

/** Starts the named Kafka (and its ZooKeeper for 3.9); the caller stops it. */
export async function startKafka(peer: KafkaPeer): Promise<BenchBroker> {
  const classpath = `${join(referencesDir(), `kafka-${KAFKA_PEERS[peer]}`, 'libs')}/*`;
  const java = (heap: string[], mainClass: string, config: string) => [...heap, '-cp', classpath, mainClass, config];
  let zookeeper: ServerProcess | undefined;
  let prepare: (port: number, dataDir: string) => Promise<void>;
  if (peer === 'kafka-3.9') {
    zookeeper = await ServerProcess.start(
      'java',
      (_, dir) => java(ZOOKEEPER_HEAP, 'org.apache.zookeeper.server.quorum.QuorumPeerMain', join(dir, 'zk.properties')),
      {
        startTimeoutMs: START_TIMEOUT_MS,
        prepare: async (port, dir) =>
          writeProperties(join(dir, 'zk.properties'), [
            `dataDir=${join(dir, 'data')}`,
            `clientPort=${port}`,
            'clientPortAddress=127.0.0.1',
            'maxClientCnxns=0',
            'admin.enableServer=false',
          ]),
      },
    );
    const zkPort = zookeeper.port;
    prepare = async (port, dir) =>
      writeProperties(join(dir, 'server.properties'), [
        'broker.id=0',
        `listeners=PLAINTEXT://127.0.0.1:${port}`,
        `log.dirs=${join(dir, 'logs')}`,
        `zookeeper.connect=127.0.0.1:${zkPort}`,
        ...SINGLE_BROKER,
      ]);
  } else {
    prepare = async (port, dir) => {
      const controllerPort = await freePort();
      const config = join(dir, 'server.properties');
      writeProperties(config, [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
        `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        `log.dirs=${join(dir, 'logs')}`,
        ...SINGLE_BROKER,
      ]);
      // kafka-storage.sh format: a KRaft node refuses to start on an unformatted log dir.
      const clusterId = randomBytes(16).toString('base64url');
      const format = ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', config];
      const r = await runChild('java', format, 120_000);
      if (r.code !== 0) throw new Error(`kafka-storage format failed (exit ${r.code}): ${r.stdout.slice(-1000)}`);
    };
  }
  const server = await ServerProcess.start(
    'java',
    (_, dir) => java(KAFKA_JVM_FLAGS, 'kafka.Kafka', join(dir, 'server.properties')),
    {
      startTimeoutMs: START_TIMEOUT_MS,
      prepare,
      ...(zookeeper ? { companion: zookeeper } : {}),
    },
  );
  return {
    bootstrap: `127.0.0.1:${server.port}`,
    port: server.port,
    // java is spawned directly, so the child is the JVM whose CPU and memory count.
    pid: server.pid,
    dataDir: server.dataDir,
    // From kafka.Kafka's launch: neither kafka-storage format nor ZooKeeper's start count.
    startedAt: server.startedAt,
    stop: () => server.stop(),
  };
}

function writeProperties(path: string, lines: string[]): void {
  writeFileSync(path, `${lines.join('\n')}\n`);
}
