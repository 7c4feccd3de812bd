/**
 * Brokers on separate network hosts, on one machine: one network namespace per broker, each joined
 * by veth pairs (iproute2) to two Linux bridges in the test's namespace — a service network that
 * ZooKeeper and the clients use, and a replication network for broker-to-broker traffic (the
 * brokers' REPLICATION listener, inter.broker.listener.name). Taking a broker's replication link
 * down partitions it from the other brokers while it keeps ZooKeeper and its clients, which
 * loopback cannot express. Needs root and network namespaces; `netnsAvailable()` says whether the
 * tests can run here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { type BrokerProcess, SAMSA_BIN, spawnBroker } from './broker-process.js';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function netnsAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  const name = `smsprobe${process.pid % 10000}`;
  const r = spawnSync('ip', ['netns', 'add', name]);
  if (r.status !== 0) return false;
  spawnSync('ip', ['netns', 'del', name]);
  return true;
}

interface Host {
  ns: string;
  /** Service and replication links (their ends in the test's namespace) and addresses. */
  svcVeth: string;
  replVeth: string;
  address: string;
  replAddress: string;
}

export class TestNetwork {
  private readonly hosts = new Map<number, Host>();
  private readonly n: number;
  /** The test's own address on the service network (where ZooKeeper listens). */
  readonly gateway: string;

  constructor() {
    this.n = 16 + (process.pid % 200);
    this.gateway = `10.${this.n}.0.1`;
    for (const [bridge, addr] of [
      [`smssvc${this.n}`, this.gateway],
      [`smsrep${this.n}`, `10.${this.n}.1.1`],
    ] as const) {
      ip('link', 'add', bridge, 'type', 'bridge');
      ip('addr', 'add', `${addr}/24`, 'dev', bridge);
      ip('link', 'set', bridge, 'up');
    }
  }

  /** Adds host `id` in its own namespace, with .(10+id) on both networks; returns its service address. */
  addHost(id: number): string {
    const tag = `${this.n}x${id}`;
    const ns = `smsns${tag}`;
    ip('netns', 'add', ns);
    ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    const link = (kind: 's' | 'r', bridge: string, address: string): string => {
      const veth = `sms${kind}${tag}`;
      const peer = `smp${kind}${tag}`;
      ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', peer);
      ip('link', 'set', peer, 'netns', ns);
      ip('link', 'set', veth, 'master', bridge);
      ip('link', 'set', veth, 'up');
      ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${address}/24`, 'dev', peer);
      ip('netns', 'exec', ns, 'ip', 'link', 'set', peer, 'up');
      return veth;
    };
    const address = `10.${this.n}.0.${10 + id}`;
    const replAddress = `10.${this.n}.1.${10 + id}`;
    const svcVeth = link('s', `smssvc${this.n}`, address);
    const replVeth = link('r', `smsrep${this.n}`, replAddress);
    this.hosts.set(id, { ns, svcVeth, replVeth, address, replAddress });
    return address;
  }

  address(id: number): string {
    return this.hosts.get(id)?.address as string;
  }

  /** Starts `bin/samsa broker` inside host `id`'s namespace: clients on :9092, brokers on :9093. */
  async startBroker(id: number, logDir: string, overrides: Record<string, string>): Promise<BrokerProcess> {
    const h = this.hosts.get(id);
    if (!h) throw new Error(`no host ${id}`);
    const args = ['netns', 'exec', h.ns, process.execPath, SAMSA_BIN, 'broker'];
    const all = {
      ...overrides,
      listeners: `PLAINTEXT://${h.address}:9092,REPLICATION://${h.replAddress}:9093`,
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT',
      'inter.broker.listener.name': 'REPLICATION',
      'log.dirs': logDir,
    };
    for (const [k, v] of Object.entries(all)) args.push('--override', `${k}=${v}`);
    return spawnBroker('ip', args, { host: h.address, port: 9092 });
  }

  /** Cuts host `id` off the replication network: no broker reaches it, it reaches none; ZooKeeper and clients still do. */
  isolateFromBrokers(id: number): void {
    const h = this.hosts.get(id);
    if (h) ip('link', 'set', h.replVeth, 'down');
  }

  heal(id: number): void {
    const h = this.hosts.get(id);
    if (h) ip('link', 'set', h.replVeth, 'up');
  }

  destroy(): void {
    for (const h of this.hosts.values()) {
      spawnSync('ip', ['link', 'del', h.svcVeth]);
      spawnSync('ip', ['link', 'del', h.replVeth]);
      spawnSync('ip', ['netns', 'del', h.ns]);
    }
    this.hosts.clear();
    spawnSync('ip', ['link', 'del', `smssvc${this.n}`]);
    spawnSync('ip', ['link', 'del', `smsrep${this.n}`]);
  }
}
