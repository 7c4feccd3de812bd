/**
 * What authorization costs (issue #15: under 5% of produce throughput with 10,000 ACLs).
 *
 * 1. The check alone: AclAuthorizer.authorize with 10,000 ACLs (literal and prefixed topic ACLs
 *    for 1,000 principals, plus group ACLs), a cached decision and a fresh one.
 * 2. Produce in the broker: the time the dispatcher and the Produce handler take per request
 *    (16 records of 1 KiB, acks=1) with 10,000 ACLs and the producer allowed through a PREFIXED
 *    ACL, against the same broker with its authorizer switched off; blocks interleaved, medians.
 *    (End to end through a client, the shared machine's noise is larger than the difference.)
 *
 *   node packages/broker/dist/bench/authorizer-bench.js [--runs N]
 *
 * A benchmark, not a test: it prints figures and asserts nothing about speed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AclBinding, Admin } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { apis, encodeRecordBatch, encodeRequestFrame, Writer } from '@samsa/protocol';
import { startBroker } from '../src/index.js';
import type { Connection } from '../src/network/connection.js';
import { RequestDispatcher } from '../src/network/request-dispatcher.js';
import { AclAuthorizer } from '../src/security/authorizer/acl-authorizer.js';
import type { AclStore, PatternAcls } from '../src/security/authorizer/acl-store.js';
import { AclOperation, AclPermissionType, PatternType, ResourceType } from '../src/security/authorizer/acl-types.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('--runs', 21);
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

/**
 * The broker's own cost of Produce requests (16 records of 1 KiB in one batch, acks=1), handled by
 * the real dispatcher and handler of a broker holding 10,000 ACLs, with the authorizer switched on
 * and off between blocks of requests on the same broker (so disk, JIT and machine load hit both
 * alike). No socket or client: their cost would only hide the difference.
 */
async function produceCost(): Promise<{ off: number; on: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-authz-bench-'));
  const broker = await startBroker({
    logDirs: dir,
    config: { 'authorizer.class.name': 'kafka.security.authorizer.AclAuthorizer', 'super.users': 'User:admin' },
    principalBuilder: ({ clientId }) => ({ type: 'User', name: clientId === 'admin' ? 'admin' : 'bench' }),
  });
  try {
    const admin = new Admin({ bootstrapServers: broker.bootstrapServers, clientId: 'admin', logger: silentLogger });
    await admin.createTopics([{ name: 'bench-topic', numPartitions: 1 }]);
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
    await admin.createAcls(all);
    await admin.createAcls([
      {
        pattern: { resourceType: 'TOPIC', name: 'bench-', patternType: 'PREFIXED' },
        entry: { principal: 'User:bench', host: '*', operation: 'WRITE', permissionType: 'ALLOW' },
      },
    ]);
    await admin.close();
    const authorizer = broker.authorizer;
    if (!authorizer || authorizer.aclCount !== ACLS + 1) throw new Error(`expected ${ACLS + 1} ACLs`);

    const records = encodeRecordBatch({
      records: Array.from({ length: 16 }, () => ({ value: Buffer.alloc(1024, 7) })),
    });
    const w = new Writer();
    encodeRequestFrame(w, apis[0], 9, 1, 'bench', {
      transactionalId: null,
      acks: 1,
      timeoutMs: 5000,
      topicData: [{ name: 'bench-topic', partitionData: [{ index: 0, records }] }],
    });
    const payload = w.toBuffer().subarray(4);
    const dispatcher = new RequestDispatcher(broker, silentLogger);
    const conn = {
      remoteAddress: '127.0.0.1',
      principal: 'User:ANONYMOUS',
      listener: 'PLAINTEXT',
      muteFor() {},
    } as unknown as Connection;
    const block = (on: boolean): number => {
      broker.authorizer = on ? authorizer : null;
      const n = 1000;
      const t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const r = dispatcher.dispatch(conn, payload);
        if (r instanceof Promise) throw new Error('acks=1 answers synchronously');
      }
      return Number(process.hrtime.bigint() - t) / n;
    };
    const off: number[] = [];
    const on: number[] = [];
    block(false);
    block(true);
    // Alternate which goes first, so that neither always follows the other.
    for (let i = 0; i < RUNS; i++) {
      if (i % 2 === 0) {
        off.push(block(false));
        on.push(block(true));
      } else {
        on.push(block(true));
        off.push(block(false));
      }
    }
    broker.authorizer = authorizer;
    return { off: median(off), on: median(on) };
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

await checkAlone();
const cost = await produceCost();
process.stdout.write(
  `Produce (16 x 1 KiB, acks=1) in the broker, median of ${RUNS} blocks of 1000: ${(cost.off / 1000).toFixed(1)} µs without the authorizer, ${(cost.on / 1000).toFixed(1)} µs with it and ${ACLS} ACLs: ${(((cost.on - cost.off) / cost.off) * 100).toFixed(1)}% more per request\n`,
);
