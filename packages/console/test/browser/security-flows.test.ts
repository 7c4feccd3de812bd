/**
 * The login page and the security pages in a real Chromium, against a broker with SCRAM and
 * Kafka's ACL authorizer: a wrong password shows Kafka's error on the login page; the admin logs
 * in, adds an ACL for alice from the ACLs page and sees it listed; the SCRAM users and quotas
 * pages render; after logging out, alice logs in and the ACLs page tells her she may not describe
 * them. Each page is screenshotted and checked with axe-core (no serious or critical violations).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestBroker } from '@samsa/broker/testing';
import type { Admin } from '@samsa/client';
import type { ConsoleServer } from '@samsa/console';
import type { Browser, Page } from 'playwright-core';
import { PASSWORDS, startLoginConsole, startSaslBroker } from '../support/sasl-cluster.js';
import { chromiumMissing, launchChromium, screenshot, seriousA11yViolations } from './chromium.js';

const skip = chromiumMissing();
const WAIT = { timeout: 60_000 };

describe('console login and security pages in Chromium', { skip }, () => {
  let broker: TestBroker;
  let setup: Admin;
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    let sasl: string;
    ({ broker, setup, sasl } = await startSaslBroker());
    await setup.createTopics([{ name: 'ledger', numPartitions: 1, replicationFactor: 1 }]);
    server = await startLoginConsole(sasl);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page.setDefaultTimeout(60_000);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await setup?.close();
    await broker?.stop();
  });

  const check = async (name: string) => {
    await screenshot(page, name);
    assert.deepEqual(await seriousA11yViolations(page), [], `accessibility of ${name}`);
  };

  const logIn = async (user: string, password: string) => {
    await page.getByRole('heading', { name: 'Log in' }).waitFor(WAIT);
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  };

  it('shows the login page, and Kafka’s error for a wrong password', async () => {
    await page.goto(`${server.url}/topics`);
    await logIn('admin', 'wrong-password');
    await page.getByRole('alert').filter({ hasText: 'SASL_AUTHENTICATION_FAILED' }).waitFor(WAIT);
    assert.ok(!page.url().includes('password'), 'the password is not in the URL');
    await check('login');
  });

  it('logs the admin in and adds an ACL from the ACLs page', async () => {
    await logIn('admin', PASSWORDS.admin);
    await page.getByText('User:admin').waitFor(WAIT);
    await page.getByRole('cell', { name: 'ledger', exact: true }).waitFor(WAIT);
    await page.getByRole('link', { name: 'ACLs' }).click();
    await page.getByRole('heading', { name: 'ACLs' }).waitFor(WAIT);
    await page.getByText('No ACLs.').waitFor(WAIT);
    await page.getByText('Add an ACL').click();
    await page.getByLabel('Resource name').fill('ledger');
    await page.getByLabel('Principal', { exact: true }).first().fill('User:alice');
    await page.getByLabel('Operation').selectOption('DESCRIBE');
    await check('acls');
    await page.getByRole('button', { name: 'Add ACL' }).click();
    await page.getByText('Created the ACL ALLOW DESCRIBE on TOPIC ledger for User:alice.').waitFor(WAIT);
    await page.getByRole('cell', { name: 'User:alice', exact: true }).waitFor(WAIT);
    const acls = await setup.describeAcls({ patternFilter: {}, entryFilter: {} });
    assert.deepEqual(
      acls.map((a) => [a.pattern.name, a.entry.principal, a.entry.operation]),
      [['ledger', 'User:alice', 'DESCRIBE']],
    );
  });

  it('shows the SCRAM users and quotas pages', async () => {
    await page.getByRole('link', { name: 'SCRAM users' }).click();
    await page.getByRole('cell', { name: 'alice', exact: true }).waitFor(WAIT);
    await check('scram-users');
    await page.getByRole('link', { name: 'Quotas' }).click();
    await page.getByText('No reassignment in progress.').waitFor(WAIT);
    await check('quotas');
  });

  it('logs out; alice logs in and is told she may not describe ACLs', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await logIn('alice', PASSWORDS.alice);
    await page.getByText('User:alice').first().waitFor(WAIT);
    await page.getByRole('link', { name: 'ACLs' }).click();
    await page.getByRole('alert').filter({ hasText: 'CLUSTER_AUTHORIZATION_FAILED' }).waitFor(WAIT);
    await page.getByRole('link', { name: 'Topics' }).click();
    await page.getByRole('cell', { name: 'ledger', exact: true }).waitFor(WAIT);
  });
});
