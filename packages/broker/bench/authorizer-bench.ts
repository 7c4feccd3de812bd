/**
 * What authorization costs (issue #15: under 5% of produce throughput with 10,000 ACLs).
 *
 * 1. The check alone: AclAuthorizer.authorize with 10,000 ACLs (literal and prefixed topic ACLs
 *    for 1,000 principals, plus group ACLs), a cached decision and a fresh one.
 * 2. Produce throughput: an in-process broker without an authorizer, and one with the ACL
 *    authorizer, the same 10,000 ACLs and the producer allowed through a PREFIXED ACL; the same
 *    @samsa/client producer load (1 KiB records, acks=1) against each, runs interleaved, medians.
 *
 *   node packages/broker/dist/bench/authorizer-bench.js [--records N] [--runs N]
 *
 * A benchmark, not a test: it prints figures and asserts nothing about speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AclBinding, Admin, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { startBroker } from '../src/index.js';
import { AclAuthorizer } from '../src/security/authorizer/acl-authorizer.js';
import type { AclStore, PatternAcls } from '../src/security/authorizer/acl-store.js';
import { AclOperation, AclPermissionType, PatternType, ResourceType } from '../src/security/authorizer/acl-types.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RECORDS = arg('--records', 40_000);
const RUNS = arg('--runs', 3);
const ACLS = 10_000;

/** 10,000 ACLs: per principal p0..p999, 4 literal topic ACLs, 4 prefixed ones and 2 group ACLs. */
function manyAcls(): PatternAcls[] {
  const out: PatternAcls[] = [];
  for (let p = 0; p < ACLS / 10; p++) {
    const entry = (operation: number) => ({
      principal: `User:p${p}`,
      host: '*',
      operation,
      permissionType: AclPermissionType.ALLOW,
    });
    for (let i = 0; i < 4; i++) {
      out.push({
        pattern: { resourceType: ResourceType.TOPIC, name: `t-${p}-${i}`, patternType: PatternType.LITERAL },
        entries: [entry(AclOperation.WRITE)],
      });
      out.push({
        pattern: { resourceType: ResourceType.TOPIC, name: `pre-${p}-${i}-`, patternType: PatternType.PREFIXED },
        entries: [entry(AclOperation.READ)],
      });
    }
    for (let i = 0; i < 2; i++)
      out.push({
        pattern: { resourceType: ResourceType.GROUP, name: `g-${p}-${i}`, patternType: PatternType.LITERAL },
        entries: [entry(AclOperation.READ)],
      });
  }
  return out;
}

const memoryStore = (acls: PatternAcls[]): AclStore => ({
  load: async () => acls,
  update: async (_p, u) => u([]),
  updateMany: async (changes) => changes.map((c) => c.update([])),
  close() {},
});

async function checkAlone(): Promise<void> {
  const a = await AclAuthorizer.start({
    store: memoryStore(manyAcls()),
    superUsers: [],
    allowEveryoneIfNoAclFound: false,
    logger: silentLogger,
  });
  const alice = { type: 'User', name: 'p500' };
  const N = 1_000_000;
  let allowed = 0;
  let t = process.hrtime.bigint();
  for (let i = 0; i < N; i++)
    if (a.authorize(alice, '127.0.0.1', AclOperation.WRITE, ResourceType.TOPIC, 't-500-1')) allowed++;
  const cachedNs = Number(process.hrtime.bigint() - t) / N;
  // Fresh decisions: a different topic name every time (the cache starts over past 100,000).
  const M = 200_000;
  t = process.hrtime.bigint();
  for (let i = 0; i < M; i++)
    if (a.authorize(alice, '127.0.0.1', AclOperation.READ, ResourceType.TOPIC, `pre-500-1-${i}`, false)) allowed++;
  const freshNs = Number(process.hrtime.bigint() - t) / M;
  process.stdout.write(
    `authorize() with ${a.aclCount} ACLs: ${cachedNs.toFixed(0)} ns cached, ${freshNs.toFixed(0)} ns uncached (${allowed} allowed)\n`,
  );
}

async function produceRun(withAuthorizer: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-authz-bench-'));
  const broker = await startBroker({
    logDirs: dir,
    config: withAuthorizer
      ? { 'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer', 'super.users': 'User:admin' }
      : {},
    principalBuilder: ({ clientId }) => ({ type: 'User', name: clientId === 'admin' ? 'admin' : 'bench' }),
  });
  try {
    const admin = new Admin({ bootstrapServers: broker.bootstrapServers, clientId: 'admin', logger: silentLogger });
    await admin.createTopics([{ name: 'bench-topic', numPartitions: 1 }]);
    if (withAuthorizer) {
      const all: AclBinding[] = manyAcls().flatMap((p) =>
        p.entries.map((e) => ({
          pattern: {
            resourceType: p.pattern.resourceType === ResourceType.TOPIC ? 'TOPIC' : 'GROUP',
            name: p.pattern.name,
            patternType: p.pattern.patternType === PatternType.PREFIXED ? 'PREFIXED' : 'LITERAL',
          },
          entry: {
            principal: e.principal,
            host: '*',
            operation: e.operation === AclOperation.WRITE ? 'WRITE' : 'READ',
            permissionType: 'ALLOW',
          },
        })),
      );
      for (let i = 0; i < all.length; i += 1000) await admin.createAcls(all.slice(i, i + 1000));
      await admin.createAcls([
        {
          pattern: { resourceType: 'TOPIC', name: 'bench-', patternType: 'PREFIXED' },
          entry: { principal: 'User:bench', host: '*', operation: 'WRITE', permissionType: 'ALLOW' },
        },
      ]);
    }
    await admin.close();
    const producer = new Producer({
      bootstrapServers: broker.bootstrapServers,
      clientId: 'bench',
      logger: silentLogger,
      acks: 1,
      lingerMs: 5,
      batchSize: 64 * 1024,
    });
    const value = Buffer.alloc(1024, 7);
    await producer.send({ topic: 'bench-topic', value });
    const started = performance.now();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < RECORDS; i++) {
      pending.push(producer.send({ topic: 'bench-topic', value }));
      if (pending.length >= 2000) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    const seconds = (performance.now() - started) / 1000;
    await producer.close();
    return RECORDS / seconds;
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

await checkAlone();
const off: number[] = [];
const on: number[] = [];
for (let r = 0; r < RUNS; r++) {
  off.push(await produceRun(false));
  on.push(await produceRun(true));
  process.stdout.write(
    `run ${r + 1}: ${off.at(-1)?.toFixed(0)} rec/s without, ${on.at(-1)?.toFixed(0)} rec/s with ${ACLS} ACLs\n`,
  );
}
const [a, b] = [median(off), median(on)];
process.stdout.write(
  `produce, 1 KiB records, acks=1, median of ${RUNS}: ${a.toFixed(0)} rec/s without an authorizer, ${b.toFixed(0)} rec/s with ${ACLS} ACLs: ${(((a - b) / a) * 100).toFixed(1)}% slower\n`,
);
