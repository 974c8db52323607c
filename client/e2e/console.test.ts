import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/testing/server';
import { makeEvent } from '../../server/testing/factories';
import { createUser } from '../../server/auth/users';
import { ingestEvents } from '../../server/timeline/ingest';
import type { Identity } from '../../shared/timeline';

/**
 * The console end to end: the real server on port 0, the client built from this checkout, and
 * a real Chromium logging in, searching and reading a customer's timeline.
 */

const CHROMIUM = '/usr/bin/chromium';
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'correct-horse-battery';
const HOUR = 60 * 60 * 1000;

// Stored normalised; the agent types it the way the caller read it out.
const DANA: Identity[] = [
  { kind: 'phone', value: '+14155550199' },
  { kind: 'email', value: 'dana.whitfield@example.com' },
];
const PHONE_AS_TYPED = '(415) 555-0199';

describe('agent console in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let clientDir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is needed at ${CHROMIUM} for the browser test (apt-get install -y chromium); CI installs it.`);
    }
    // Built into a temporary folder so the test sees this checkout's client, not a stale dist/.
    clientDir = mkdtempSync(path.join(tmpdir(), 'cue-e2e-client-'));
    await build({
      configFile: path.join(REPO_ROOT, 'vite.config.ts'),
      build: { outDir: clientDir, emptyOutDir: true },
      logLevel: 'warn',
    });

    server = await startTestServer({ clientDir });
    await createUser(server.db, { email: 'erin.agent@example.com', name: 'Erin Agent', role: 'agent', password: PASSWORD });
    const now = Date.now();
    const results = await ingestEvents(
      server.db,
      [
        makeEvent({
          identities: DANA,
          occurredAt: new Date(now - 72 * HOUR).toISOString(),
          channel: 'store',
          type: 'visit.store',
          summary: 'Came to the store to return a broken router',
          profile: { name: 'Dana Whitfield', attributes: { Contract: 'Month-to-month', tenure: 5, MonthlyCharges: 70.7 } },
        }),
        makeEvent({
          identities: DANA,
          occurredAt: new Date(now - 48 * HOUR).toISOString(),
          channel: 'email',
          type: 'email.inbound',
          summary: 'Asked why the last bill went up',
        }),
        makeEvent({
          identities: DANA,
          occurredAt: new Date(now - 24 * HOUR).toISOString(),
          channel: 'email',
          type: 'survey.nps',
          summary: 'NPS after the billing email',
          data: { score: 4, comment: 'Still waiting for an answer' },
        }),
        makeEvent({
          identities: DANA,
          occurredAt: new Date(now - 1 * HOUR).toISOString(),
          channel: 'voice',
          type: 'call.inbound',
          summary: 'Called about upgrading to fibre',
        }),
      ],
      { defaultPhoneRegion: 'US' },
    );
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (clientDir) rmSync(clientDir, { recursive: true, force: true });
  });

  it('logs in, finds a customer by phone in another format and reads their timeline', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill('erin.agent@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // An agent's home is the agent console; customer search is one click away.
    await page.waitForURL(/\/console$/);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();

    const searchBox = page.getByRole('combobox', { name: 'Search customers' });
    await searchBox.waitFor();
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).locator('..').innerText()).toContain('Erin Agent');

    await searchBox.fill(PHONE_AS_TYPED);
    const result = page.getByRole('option', { name: /Dana Whitfield/ });
    await result.waitFor();
    expect(await result.innerText()).toContain('+1 (415) 555-0199');
    await searchBox.press('Enter');

    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Dana Whitfield');

    const summary = page.getByTestId('customer-summary');
    await summary.waitFor();
    const summaryText = await summary.innerText();
    // Store visit, inbound email and inbound call are contacts the customer started; the survey is not.
    expect(summaryText).toMatch(/Contacts \(30 days\)\s*3/);
    expect(summaryText).toMatch(/Open complaints\s*0/);
    expect(summaryText).toMatch(/Last NPS\s*4\/10\s*Detractor/);

    const eventTypes = () => page.locator('article[data-event-type]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-event-type')));
    await expect.poll(eventTypes).toEqual(['call.inbound', 'survey.nps', 'email.inbound', 'visit.store']);
    const firstEvent = page.locator('article[data-event-type]').first();
    expect(await firstEvent.innerText()).toContain('Called about upgrading to fibre');
    const survey = page.locator('article[data-event-type="survey.nps"]');
    expect(await survey.innerText()).toMatch(/NPS survey[\s\S]*4\/10[\s\S]*Detractor[\s\S]*Still waiting for an answer/);

    const filters = page.getByRole('group', { name: 'Filter the timeline by channel' });
    await filters.getByRole('button', { name: 'Email' }).click();
    await expect.poll(eventTypes).toEqual(['survey.nps', 'email.inbound']);
    expect(await filters.getByRole('button', { name: 'Email' }).getAttribute('aria-pressed')).toBe('true');
    expect(await filters.getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe('false');

    await filters.getByRole('button', { name: 'Email' }).click();
    await filters.getByRole('button', { name: 'Field' }).click();
    await expect.poll(eventTypes).toEqual([]);
    await page.getByTestId('timeline-scroller').getByText('No events on these channels.', { exact: true }).waitFor();

    await filters.getByRole('button', { name: 'All' }).click();
    await expect.poll(eventTypes).toEqual(['call.inbound', 'survey.nps', 'email.inbound', 'visit.store']);
  });
});
