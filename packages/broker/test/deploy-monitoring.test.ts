/**
 * deploy/monitoring: the Grafana dashboard and the Prometheus alert rules reference only metrics a
 * running broker exports (scraped after a topic, records and a group exist, so labelled series are
 * present), and the rules cover what an operator must be woken for.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Admin, Producer } from '@samsa/client';
import { silentLogger } from '@samsa/common';
import { startTestBroker, type TestBroker } from '../src/testing/index.js';
import { exportedNames } from './support/prom-text.js';

const MONITORING = fileURLToPath(new URL('../../../../deploy/monitoring/', import.meta.url));

const PROMQL_KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring']);

/** The metric names a PromQL expression selects: identifiers that are not functions, labels or keywords. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // strings (label values, legend text)
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range selectors, $__rate_interval included
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ''); // label lists
  const names: string[] = [];
  for (const m of bare.matchAll(/(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?/g)) {
    const [, name, call] = m;
    if (call || PROMQL_KEYWORDS.has(name as string)) continue;
    names.push(name as string);
  }
  return names;
}

function dashboardExprs(): string[] {
  const dash = JSON.parse(readFileSync(`${MONITORING}grafana-dashboard.json`, 'utf8')) as {
    panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  };
  return dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
}

function alertRules(): Array<{ alert: string; expr: string }> {
  // The rules file keeps each alert's expr on one line (its header says so), so lines suffice here.
  const rules: Array<{ alert: string; expr: string }> = [];
  let alert: string | null = null;
  for (const line of readFileSync(`${MONITORING}alert-rules.yml`, 'utf8').split('\n')) {
    const a = /^\s*- alert:\s*(\S+)/.exec(line);
    if (a) alert = a[1] as string;
    const e = /^\s*expr:\s*(.+)$/.exec(line);
    if (e && alert) rules.push({ alert, expr: e[1] as string });
  }
  return rules;
}

describe('deploy/monitoring', () => {
  let fx: TestBroker;
  let exported: Set<string>;

  before(async () => {
    fx = await startTestBroker({ config: { 'admin.listeners': 'http://127.0.0.1:0' } });
    const admin = new Admin({ bootstrapServers: fx.bootstrap, logger: silentLogger });
    const producer = new Producer({ bootstrapServers: fx.bootstrap, logger: silentLogger });
    try {
      await admin.createTopics([{ name: 'watched', numPartitions: 1, replicationFactor: 1 }]);
      await producer.send({ topic: 'watched', value: 'v' });
      await admin.alterGroupOffsets('watchers', [{ topic: 'watched', partition: 0, offset: 0 }]);
    } finally {
      await producer.close();
      await admin.close();
    }
    const res = await fetch(`${fx.broker.adminUrls[0]}/metrics`, { signal: AbortSignal.timeout(10_000) });
    exported = exportedNames(await res.text());
  });
  after(async () => {
    await fx?.stop();
  });

  it('reads metric names out of PromQL', () => {
    assert.deepEqual(
      metricNames('sum by (topic) (rate(a_total{topic!="x"}[$__rate_interval])) / on(dir) b_bytes > 0 and c'),
      ['a_total', 'b_bytes', 'c'],
    );
  });

  it('the dashboard references only exported metrics', () => {
    const exprs = dashboardExprs();
    assert.ok(exprs.length >= 15);
    const missing = exprs.flatMap(metricNames).filter((n) => !exported.has(n));
    assert.deepEqual([...new Set(missing)], []);
  });

  it('the alert rules reference only exported metrics and cover the operator alerts', () => {
    const rules = alertRules();
    for (const want of [
      'KafkaUnderReplicatedPartitions',
      'KafkaOfflinePartitions',
      'KafkaNoActiveController',
      'KafkaConsumerLagGrowing',
      'KafkaLogDirNearlyFull',
    ]) {
      assert.ok(
        rules.some((r) => r.alert === want),
        `alert ${want}`,
      );
    }
    const missing = rules.flatMap((r) => metricNames(r.expr)).filter((n) => !exported.has(n));
    assert.deepEqual([...new Set(missing)], []);
  });
});
