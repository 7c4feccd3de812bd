/**
 * The TLS step of `npm run bench` (not in --smoke) and `npm run bench:tls`: 1 KiB records
 * produced (acks=1) and consumed by librdkafka (rdkperf) over a PLAINTEXT and an SSL listener of
 * the same broker process, best of two rounds each, and the SSL throughput as a share of
 * PLAINTEXT's. The certificate is made at run time with openssl (a
 * self-signed one for localhost; the client trusts it as its CA) and removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrokerProcess, freePort } from './broker-process.js';
import type { LoadGenerator } from './load-generator.js';
import { timeoutFor } from './native-tool.js';

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
}

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
  const { keystore, cert } = selfSignedCertificate(dir);
  const broker = await BrokerProcess.start({
    repoRoot,
    extraListeners: `SSL://127.0.0.1:${sslPort}`,
    overrides: { 'ssl.keystore.type': 'PEM', 'ssl.keystore.location': keystore, 'num.partitions': '1' },
  });
  const rows: Row[] = [];
  try {
    const runs = [
      { protocol: 'PLAINTEXT', bootstrap: broker.bootstrap, extra: [] as string[] },
      {
        protocol: 'SSL',
        bootstrap: `localhost:${sslPort}`,
        extra: ['security.protocol=SSL', `ssl.ca.location=${cert}`],
      },
    ];
    // Two rounds in alternating order (PLAINTEXT, SSL, SSL, PLAINTEXT), keeping each listener's
    // best: the first run of a fresh broker also pays for warming up, and the machine is shared.
    const order = [runs[0], runs[1], runs[1], runs[0]] as typeof runs;
    for (const [i, run] of order.entries()) {
      const topic = `bench-tls-${run.protocol.toLowerCase()}-${i}`;
      log(`${run.protocol}: producing ${records} records of ${SIZE} B ...`);
      const p = await gen.produce({
        bootstrap: run.bootstrap,
        topic,
        records,
        size: SIZE,
        acks: 1,
        extraConfig: run.extra,
        timeoutMs: timeoutFor(records),
      });
      log(`${run.protocol}: consuming ...`);
      const c = await gen.consume({
        bootstrap: run.bootstrap,
        topic,
        records,
        extraConfig: run.extra,
        timeoutMs: timeoutFor(records),
      });
      const row = rows.find((r) => r.protocol === run.protocol);
      const produceMBps = p.bytes / p.seconds / 1e6;
      const consumeMBps = c.bytes / c.seconds / 1e6;
      if (!row) rows.push({ protocol: run.protocol, produceMBps, consumeMBps });
      else {
        row.produceMBps = Math.max(row.produceMBps, produceMBps);
        row.consumeMBps = Math.max(row.consumeMBps, consumeMBps);
      }
    }
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const [plain, ssl] = rows as [Row, Row];
  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  return [
    `TLS beside PLAINTEXT: ${records} records of ${SIZE} B, librdkafka ${gen.librdkafkaVersion}, one broker, acks=1, best of 2 rounds`,
    '',
    '| listener | produce MB/s | consume MB/s |',
    '| --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.protocol} | ${r.produceMBps.toFixed(0)} | ${r.consumeMBps.toFixed(0)} |`),
    `| SSL / PLAINTEXT | ${pct(ssl.produceMBps, plain.produceMBps)} | ${pct(ssl.consumeMBps, plain.consumeMBps)} |`,
    '',
  ].join('\n');
}
