/**
 * The console in a real Chromium against a real broker, as a user drives it: create a topic,
 * produce a record from the page, find it by offset and by filter, watch a group's lag fall to 0
 * while a consumer runs, preview and apply an offsets reset, and delete the topic. Every page is
 * screenshotted into test-output/ and checked with axe-core (no serious or critical violations).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, silentLogger } from '@samsa/client';
import type { Browser, Page } from 'playwright-core';
import { type Harness, startHarness } from '../support/console-harness.js';
import { chromiumMissing, launchChromium, screenshot, seriousA11yViolations } from './chromium.js';

const skip = chromiumMissing();
const TOPIC = 'browser-orders';
const GROUP = 'browser-group';
const WAIT = { timeout: 60_000 };

describe('console in Chromium', { skip }, () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;
  const a11y: Record<string, string[]> = {};

  before(async () => {
    h = await startHarness();
    browser = await launchChromium();
    // bypassCSP: the console's CSP (rightly) refuses the injected axe-core script.
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page.setDefaultTimeout(60_000);
    page.on('dialog', (d) => d.accept());
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
  });

  const check = async (name: string) => {
    await screenshot(page, name);
    a11y[name] = await seriousA11yViolations(page);
    assert.deepEqual(a11y[name], [], `accessibility of ${name}`);
  };

  it('shows the overview', async () => {
    await page.goto(`${h.url}/`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor(WAIT);
    await page.getByText('All partitions have a leader and a full ISR.').waitFor(WAIT);
    await page.getByRole('cell', { name: 'controller' }).waitFor(WAIT);
    await check('overview');
  });

  it('creates a topic from the Topics page', async () => {
    await page.getByRole('link', { name: 'Topics' }).click();
    await page.getByRole('heading', { name: 'Topics' }).waitFor(WAIT);
    await page.getByText('Create a topic').click();
    await page.getByLabel('Topic name').fill(TOPIC);
    await page.getByLabel('Partitions').fill('2');
    await check('topics');
    await page.getByRole('button', { name: 'Create topic' }).click();
    await page.getByRole('heading', { name: `Topic ${TOPIC}` }).waitFor(WAIT);
    await page.getByRole('cell', { name: 'retention.ms', exact: true }).waitFor(WAIT);
    assert.equal(
      await page
        .getByRole('table', { name: `Partitions of ${TOPIC}` })
        .locator('tbody tr')
        .count(),
      2,
    );
    await check('topic');
  });

  it('produces a record from the page and finds it by offset and by filter', async () => {
    await page.getByRole('link', { name: 'Browse messages' }).click();
    await page.getByRole('heading', { name: `Messages of ${TOPIC}` }).waitFor(WAIT);
    await page.getByText('Produce a record').click();
    await page.getByLabel('Key', { exact: true }).fill('order-1');
    await page.getByLabel('Value', { exact: true }).fill('{"id":1,"item":"book"}');
    await page.getByLabel('Headers (key=value per line)').fill('source=browser');
    await page.getByLabel('Partition', { exact: true }).last().fill('1');
    await page.getByRole('button', { name: 'Produce record' }).click();
    await page.getByText('Produced to partition 1 at offset 0.').waitFor(WAIT);
    // Two more records so that the searches below have something to leave out.
    await h.send('POST', `/api/topics/${TOPIC}/records`, {
      key: 'order-2',
      value: '{"id":2,"item":"pen"}',
      partition: 1,
    });
    await h.send('POST', `/api/topics/${TOPIC}/records`, {
      key: 'order-3',
      value: '{"id":3,"item":"ink"}',
      partition: 0,
    });

    const form = page.getByRole('form', { name: 'Find messages' });
    const rows = page.getByRole('table', { name: 'Records' }).locator('tbody tr');
    await form.getByLabel('Partition', { exact: true }).selectOption('1');
    await form.getByLabel('Start at').selectOption('offset');
    await form.getByLabel('Offset', { exact: true }).fill('0');
    await form.getByLabel('Per page').fill('1');
    await form.getByRole('button', { name: 'Find messages' }).click();
    await rows.first().getByText('order-1').waitFor(WAIT);
    assert.equal(await rows.count(), 1);
    await page.getByRole('button', { name: 'Next →' }).click();
    await rows.first().getByText('order-2').waitFor(WAIT);

    await form.getByLabel('Partition', { exact: true }).selectOption('');
    await form.getByLabel('Start at').selectOption('newest');
    await form.getByLabel('Per page').fill('50');
    await form.getByLabel('Filter text').fill('BOOK');
    await form.getByLabel('Filter in').selectOption('value');
    await form.getByRole('button', { name: 'Find messages' }).click();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('table.records tbody tr').length === 1 && document.body.innerText.includes('order-1'),
      undefined,
      WAIT,
    );
    const row = rows.first();
    assert.match(await row.innerText(), /"item": "book"/, 'the value is shown as pretty JSON');
    assert.match(await row.innerText(), /source: browser/);
    await check('messages');
  });

  it("shows a group's lag falling to 0 while a consumer runs, then resets its offsets", async () => {
    const admin = new Admin({ bootstrapServers: h.broker.bootstrap, logger: silentLogger });
    try {
      await admin.alterGroupOffsets(GROUP, [
        { topic: TOPIC, partition: 0, offset: 0 },
        { topic: TOPIC, partition: 1, offset: 0 },
      ]);
    } finally {
      await admin.close();
    }
    await page.goto(`${h.url}/groups`);
    await page.getByRole('link', { name: GROUP }).click();
    const lag = page.getByTestId('total-lag');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="total-lag"]')?.textContent === '3',
      undefined,
      WAIT,
    );

    const consumer = new Consumer({
      bootstrapServers: h.broker.bootstrap,
      groupId: GROUP,
      clientId: 'browser-worker',
      autoCommitIntervalMs: 100,
      logger: silentLogger,
    });
    await consumer.subscribe([TOPIC]);
    let running = true;
    const loop = (async () => {
      while (running) await consumer.poll({ timeoutMs: 200 }).catch(() => []);
    })();
    try {
      await page.waitForFunction(
        () => document.querySelector('[data-testid="total-lag"]')?.textContent === '0',
        undefined,
        WAIT,
      );
      await page.getByRole('cell', { name: 'browser-worker', exact: true }).waitFor(WAIT);
      // The member's assignment, once the group is stable.
      await page
        .getByRole('table', { name: 'Members' })
        .getByRole('cell', { name: /browser-orders-0/ })
        .waitFor(WAIT);
      await page
        .getByText('Offsets can be reset and the group deleted only when it has no active members')
        .waitFor(WAIT);
      await check('group');
    } finally {
      running = false;
      await loop;
      await consumer.close();
    }
    // The member left: the page offers the reset (the live stream saw the member count change).
    await page.getByRole('heading', { name: 'Reset offsets' }).waitFor(WAIT);
    await page.getByLabel('Reset to').selectOption('earliest');
    await page.getByRole('button', { name: 'Preview (dry run)' }).click();
    await page.getByText('Dry run: nothing was changed. Review and apply.').waitFor(WAIT);
    await page.getByRole('table', { name: 'Planned offsets (dry run)' }).waitFor(WAIT);
    assert.equal(await lag.textContent(), '0', 'a dry run commits nothing');
    await page.getByRole('button', { name: 'Apply reset' }).click();
    await page.getByText('Offsets reset.').waitFor(WAIT);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="total-lag"]')?.textContent === '3',
      undefined,
      WAIT,
    );
    const offsets = await h.get(`/api/groups/${GROUP}`);
    assert.deepEqual(
      offsets.body.partitions.map((p: { offset: number }) => p.offset),
      [0, 0],
    );
    await page.goto(`${h.url}/groups`);
    await page.getByRole('cell', { name: 'Empty' }).waitFor(WAIT);
    await check('groups');
  });

  it('deletes the topic from its page', async () => {
    await page.goto(`${h.url}/topics/${TOPIC}`);
    await page.getByRole('button', { name: `Delete topic ${TOPIC}` }).click();
    await page.getByRole('heading', { name: 'Topics' }).waitFor(WAIT);
    await page.waitForFunction(
      (t) => !document.querySelector('main table')?.textContent?.includes(t) && !!document.querySelector('main nav'),
      TOPIC,
      WAIT,
    );
    assert.equal((await h.get(`/api/topics/${TOPIC}`)).status, 404);
  });

  it('hides every write in read-only mode', async () => {
    const ro = await startHarness({ readOnly: true, broker: h.broker });
    try {
      await h.send('POST', '/api/topics', { name: 'ro-topic' });
      const p = await browser.newPage();
      await p.goto(`${ro.url}/topics`);
      await p.getByText('read-only').waitFor(WAIT);
      await p.getByRole('link', { name: 'ro-topic' }).waitFor(WAIT);
      assert.equal(await p.getByText('Create a topic').count(), 0);
      await p.getByRole('link', { name: 'ro-topic' }).click();
      await p.getByRole('heading', { name: 'Topic ro-topic' }).waitFor(WAIT);
      await p.getByRole('cell', { name: 'retention.ms', exact: true }).waitFor(WAIT);
      assert.equal(await p.getByRole('button').count(), 0, 'no buttons: every write is hidden');
      await p.close();
    } finally {
      await ro.stop();
    }
  });
});

if (skip) console.log(`# ${skip}`);
