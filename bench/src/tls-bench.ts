/**
 * The TLS step of `npm run bench` (not in --smoke) and `npm run bench:tls`: 1 KiB records
 * produced (acks=1) and consumed by librdkafka (rdkperf) over a PLAINTEXT, an SSL and a SASL_SSL
 * (PLAIN) listener of the same broker process, the mean of two rounds each, and each one's throughput
 * as a share of PLAINTEXT's. Throughput on a shared machine follows its load, so each row also
 * gives the broker's CPU seconds (user + system, from /proc) per GB moved, which does not. The
 * certificate is made at run time with openssl (a self-signed one for localhost; the client
 * trusts it as its CA) and removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin, silentLogger } from '@samsa/client';
import { BrokerProcess, freePort } from './broker-process.js';
import type { LoadGenerator } from './load-generator.js';
import { timeoutFor } from './native-tool.js';
import { cpuSeconds } from './proc-stats.js';

const SIZE = 1024;

function selfSignedCertificate(dir: string): { keystore: string; cert: string } {
  const key = join(dir, 'broker.key');
  const cert = join(dir, 'broker.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1'].concat([
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]),
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const keystore = join(dir, 'broker-keystore.pem');
  writeFileSync(keystore, readFileSync(key, 'utf8') + readFileSync(cert, 'utf8'));
  return { keystore, cert };
}

interface Row {
  protocol: string;
  produceMBps: number;
  consumeMBps: number;
  /** Broker CPU seconds per GB produced / consumed. */
  produceCpu: number;
  consumeCpu: number;
}

const SASL_USER = 'bench';
const SASL_PASSWORD = 'bench-secret';

export interface TlsBenchOptions {
  repoRoot: string;
  gen: LoadGenerator;
  records: number;
  log(line: string): void;
}

/** Runs both listeners and returns the Markdown table. */
export async function measureTls({ repoRoot, gen, records, log }: TlsBenchOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'samsa-bench-tls-'));
  const sslPort = await freePort();
  const saslSslPort = await freePort();
  const { keystore, cert } = selfSignedCertificate(dir);
  const broker = await BrokerProcess.start({
    repoRoot,
    extraListeners: `SSL://127.0.0.1:${sslPort},SASL_SSL://127.0.0.1:${saslSslPort}`,
    overrides: {
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': keystore,
      'num.partitions': '1',
      'sasl.enabled.mechanisms': 'PLAIN',
      'listener.name.sasl_ssl.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${SASL_USER}="${SASL_PASSWORD}";`,
    },
  });
  const rows: Row[] = [];
  const admin = new Admin({ bootstrapServers: [broker.bootstrap], logger: silentLogger });
  try {
    const runs = [
      { protocol: 'PLAINTEXT', bootstrap: broker.bootstrap, extra: [] as string[] },
      {
        protocol: 'SSL',
        bootstrap: `localhost:${sslPort}`,
        extra: ['security.protocol=SSL', `ssl.ca.location=${cert}`],
      },
      {
        protocol: 'SASL_SSL',
        bootstrap: `localhost:${saslSslPort}`,
        extra: [
          'security.protocol=SASL_SSL',
          `ssl.ca.location=${cert}`,
          'sasl.mechanisms=PLAIN',
          `sasl.username=${SASL_USER}`,
          `sasl.password=${SASL_PASSWORD}`,
        ],
      },
    ];
    // A warm-up round first (a fresh broker's first run also pays for compiling its hot paths),
    // then two rounds, the second in reverse order, each listener's mean of its two: that cancels
    // a drift over the run (the machine's load, its page cache). Each round's topic is deleted
    // after it, so that no round writes after another's data (later rounds cost more otherwise).
    const warmup = { ...(runs[0] as (typeof runs)[number]), protocol: 'warm-up' };
    const order = [warmup, ...runs, ...[...runs].reverse()];
    for (const [i, run] of order.entries()) {
      const topic = `bench-tls-${run.protocol.toLowerCase()}-${i}`;
      const n = run === warmup ? Math.ceil(records / 5) : records;
      log(`${run.protocol}: producing ${records} records of ${SIZE} B ...`);
      let cpu = cpuSeconds(broker.pid);
      const p = await gen.produce({
        bootstrap: run.bootstrap,
        topic,
        records: n,
        size: SIZE,
        acks: 1,
        extraConfig: run.extra,
        timeoutMs: timeoutFor(records),
      });
      const produceCpu = (cpuSeconds(broker.pid) - cpu) / (p.bytes / 1e9);
      log(`${run.protocol}: consuming ...`);
      cpu = cpuSeconds(broker.pid);
      const c = await gen.consume({
        bootstrap: run.bootstrap,
        topic,
        records: n,
        extraConfig: run.extra,
        timeoutMs: timeoutFor(records),
      });
      const consumeCpu = (cpuSeconds(broker.pid) - cpu) / (c.bytes / 1e9);
      await admin.deleteTopics([topic]);
      const produceMBps = p.bytes / p.seconds / 1e6;
      const consumeMBps = c.bytes / c.seconds / 1e6;
      log(
        `  produce ${produceMBps.toFixed(0)} MB/s, ${produceCpu.toFixed(2)} CPU s/GB; consume ${consumeMBps.toFixed(0)} MB/s, ${consumeCpu.toFixed(2)} CPU s/GB`,
      );
      if (run === warmup) continue;
      const row = rows.find((r) => r.protocol === run.protocol);
      if (!row) {
        rows.push({
          protocol: run.protocol,
          produceMBps: produceMBps / 2,
          consumeMBps: consumeMBps / 2,
          produceCpu: produceCpu / 2,
          consumeCpu: consumeCpu / 2,
        });
      } else {
        row.produceMBps += produceMBps / 2;
        row.consumeMBps += consumeMBps / 2;
        row.produceCpu += produceCpu / 2;
        row.consumeCpu += consumeCpu / 2;
      }
    }
  } finally {
    await admin.close();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const plain = rows[0] as Row;
  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  return [
    `TLS beside PLAINTEXT: ${records} records of ${SIZE} B, librdkafka ${gen.librdkafkaVersion}, one broker, acks=1, mean of 2 rounds after a warm-up; broker CPU = user + system seconds per GB moved`,
    '',
    '| listener | produce MB/s | consume MB/s | produce, % of PLAINTEXT | consume, % of PLAINTEXT | broker CPU s/GB produce | broker CPU s/GB consume |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.protocol} | ${r.produceMBps.toFixed(0)} | ${r.consumeMBps.toFixed(0)} | ${pct(r.produceMBps, plain.produceMBps)} | ${pct(r.consumeMBps, plain.consumeMBps)} | ${r.produceCpu.toFixed(2)} | ${r.consumeCpu.toFixed(2)} |`,
    ),
    '',
  ].join('\n');
}
