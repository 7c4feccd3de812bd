/**
 * Wrong command lines exit 1 with a message naming the problem and a usage line; bad client config
 * files and values exit 1 naming the key and value; an unreachable broker (a closed port) exits 3
 * within the timeout, naming the address, for every tool that talks to one. No broker is started.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { closedPort, samsa } from './support/cli.js';

describe('usage errors', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['topics', '--bootstrap-server', 'x:1', '--list', '--bogus'], /unknown option '--bogus'/],
    ['no action', ['topics', '--bootstrap-server', 'x:1'], /exactly one action: --create, --list/],
    ['two actions', ['topics', '--bootstrap-server', 'x:1', '--list', '--delete'], /Only one action/],
    [
      'a non-numeric value',
      ['topics', '--bootstrap-server', 'x:1', '--create', '--topic', 't', '--partitions', 'three'],
      /--partitions must be an integer, got 'three'/,
    ],
    ['a missing --topic', ['topics', '--bootstrap-server', 'x:1', '--create'], /Missing required argument "--topic"/],
    ['a missing --bootstrap-server', ['topics', '--list'], /Missing required argument "--bootstrap-server"/],
    [
      'a bad --config',
      ['topics', '--bootstrap-server', 'x:1', '--create', '--topic', 't', '--config', 'novalue'],
      /--config expects key=value/,
    ],
    [
      'a consumer without a topic',
      ['console-consumer', '--bootstrap-server', 'x:1'],
      /Exactly one of --topic or --include/,
    ],
    [
      'a bad --offset',
      ['console-consumer', '--bootstrap-server', 'x:1', '--topic', 't', '--partition', '0', '--offset', 'soon'],
      /--offset must be/,
    ],
    [
      'a bad codec',
      ['console-producer', '--bootstrap-server', 'x:1', '--topic', 't', '--compression-codec', 'brotli'],
      /brotli.*invalid|Allowed choices/i,
    ],
    [
      'reset without a scenario',
      ['consumer-groups', '--bootstrap-server', 'x:1', '--reset-offsets', '--group', 'g', '--all-topics'],
      /exactly one of --to-earliest/,
    ],
    [
      'a bad duration',
      [
        'consumer-groups',
        '--bootstrap-server',
        'x:1',
        '--reset-offsets',
        '--group',
        'g',
        '--topic',
        't',
        '--by-duration',
        '15m',
      ],
      /PnDTnHnMnS/,
    ],
    [
      'a bad entity type',
      ['configs', '--bootstrap-server', 'x:1', '--describe', '--entity-type', 'widgets'],
      /widgets.*invalid|Allowed choices/i,
    ],
    ['a bad --time', ['get-offsets', '--bootstrap-server', 'x:1', '--time', 'yesterday'], /--time must be/],
    ['dump-log without --files', ['dump-log'], /Missing required argument "--files"/],
    [
      'perf test without --throughput',
      ['producer-perf-test', '--bootstrap-server', 'x:1', '--topic', 't', '--num-records', '1', '--record-size', '1'],
      /--throughput/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`exits 1 with usage for ${what}`, async () => {
      const r = await samsa(args);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
  }

  it('exits 1 for an unreadable --offset-json-file without printing usage', async () => {
    const r = await samsa(['delete-records', '--bootstrap-server', 'x:1', '--offset-json-file', '/nonexistent/x.json']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot read \/nonexistent\/x\.json/);
  });
});

describe('bad client config files and values', () => {
  let dir = '';
  let badTimeout = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'samsa-cli-config-'));
    badTimeout = join(dir, 'bad.properties');
    writeFileSync(badTimeout, 'request.timeout.ms=abc\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Kafka's dotted flags used to be accepted and ignored: the tool then ran with default settings.
  const cases: Array<[string, () => string[], RegExp]> = [
    [
      'console-consumer --consumer.config',
      () => ['console-consumer', '--topic', 't', '--consumer.config', '/nonexistent/c.properties'],
      /cannot read \/nonexistent\/c\.properties/,
    ],
    [
      'console-producer --producer.config',
      () => ['console-producer', '--topic', 't', '--producer.config', '/nonexistent/p.properties'],
      /cannot read \/nonexistent\/p\.properties/,
    ],
    [
      'consumer-perf-test --consumer.config',
      () => ['consumer-perf-test', '--topic', 't', '--messages', '1', '--consumer.config', '/nonexistent/c.properties'],
      /cannot read \/nonexistent\/c\.properties/,
    ],
    [
      'producer-perf-test --producer.config',
      () => [
        'producer-perf-test',
        '--topic',
        't',
        '--num-records',
        '1',
        '--record-size',
        '1',
        '--throughput',
        '-1',
        '--producer.config',
        '/nonexistent/p.properties',
      ],
      /cannot read \/nonexistent\/p\.properties/,
    ],
    [
      'an acks Kafka refuses',
      () => ['console-producer', '--topic', 't', '--producer-property', 'acks=7'],
      /Invalid value 7 for configuration acks: String must be one of: all, -1, 0, 1/,
    ],
    [
      'a non-numeric linger.ms',
      () => ['console-producer', '--topic', 't', '--producer-property', 'linger.ms=abc'],
      /Invalid value abc for configuration linger\.ms: Not a number of type LONG/,
    ],
    [
      'a non-numeric value in --command-config',
      () => ['topics', '--list', '--command-config', badTimeout],
      /Invalid value abc for configuration request\.timeout\.ms: Not a number of type INT/,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`exits 1 naming the problem for ${what}, before contacting a broker`, async () => {
      const address = `127.0.0.1:${await closedPort()}`;
      const r = await samsa([...args(), '--bootstrap-server', address], { input: 'x\n' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /could not reach/);
    });
  }
});

describe('an unreachable broker', () => {
  let address = '';
  const offsetsFile = join(tmpdir(), `samsa-unreachable-${process.pid}.json`);
  before(async () => {
    address = `127.0.0.1:${await closedPort()}`;
    writeFileSync(offsetsFile, '{"version":1,"partitions":[{"topic":"t","partition":0,"offset":1}]}');
  });
  after(() => rmSync(offsetsFile, { force: true }));
  const commands: Array<[string, string[]]> = [
    ['topics --list', ['topics', '--list']],
    ['consumer-groups --list', ['consumer-groups', '--list']],
    ['configs --describe', ['configs', '--describe', '--entity-type', 'topics']],
    ['console-consumer', ['console-consumer', '--topic', 't']],
    ['topics --describe', ['topics', '--describe']],
    ['topics --create', ['topics', '--create', '--topic', 't']],
    ['consumer-groups --describe', ['consumer-groups', '--describe', '--group', 'g']],
    ['get-offsets', ['get-offsets']],
    ['reassign-partitions --list', ['reassign-partitions', '--list']],
    ['leader-election', ['leader-election', '--election-type', 'preferred', '--all-topic-partitions']],
    ['log-dirs --describe', ['log-dirs', '--describe']],
    ['delete-records', ['delete-records', '--offset-json-file', offsetsFile]],
    [
      'consumer-groups --reset-offsets',
      ['consumer-groups', '--reset-offsets', '--group', 'g', '--all-topics', '--to-earliest', '--execute'],
    ],
    // The console producer's --timeout is Kafka's linger time; its request timeout has its own flag.
    ['console-producer', ['console-producer', '--topic', 't', '--request-timeout-ms', '1000']],
  ];
  for (const [what, args] of commands) {
    it(`${what}: exits 3 within the timeout, naming the address`, async () => {
      const timeout = args[0] === 'console-producer' ? [] : ['--timeout', '1000'];
      const r = await samsa([...args, '--bootstrap-server', address, ...timeout], { input: 'x\n' });
      assert.equal(r.status, 3, r.stderr);
      assert.match(r.stderr, new RegExp(`could not reach a broker at ${address.replace(/\./g, '\\.')}`));
      // Not a timing goal: the tools' own default waits are 30 s or more, so a run past 20 s means
      // the 1 s timeout was ignored (the margin absorbs a loaded CI machine).
      assert.ok(r.ms < 20_000, `took ${r.ms} ms`);
    });
  }
});
