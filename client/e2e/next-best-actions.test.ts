import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createUser } from '../../server/auth/users';
import { makeEvent } from '../../server/testing/factories';
import { postSigned } from '../../server/testing/http';
import { startTestServer, type TestServer } from '../../server/testing/server';
import { ingestEvents } from '../../server/timeline/ingest';
import type { Identity } from '../../shared/timeline';

/**
 * Next-best-actions end to end: the real server on port 0 with its seeded catalog, the console
 * built from this checkout, Chromium as the agent. The caller's profile makes more than three
 * actions eligible, so a declined one is replaced by the next in rank. Waits are conditions
 * with generous deadlines, never sleeps: this runs on a loaded 2-core machine.
 */

const CHROMIUM = '/usr/bin/chromium';
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'correct-horse-battery';
const HOUR = 60 * 60 * 1000;
const WAIT = { timeout: 20_000 };

const SAM: Identity[] = [{ kind: 'phone', value: '+14155550142' }];

describe('next-best-actions in the agent console', () => {
  let server: TestServer;
  let browser: Browser;
  let agent: Page;
  let clientDir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is needed at ${CHROMIUM} for the browser test (apt-get install -y chromium); CI installs it.`);
    }
    clientDir = mkdtempSync(path.join(tmpdir(), 'cue-e2e-nba-'));
    await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), build: { outDir: clientDir, emptyOutDir: true }, logLevel: 'warn' });

    // Every interaction in the learned arm, so the ranking is the one under test (not the holdout's random order).
    server = await startTestServer({ clientDir, env: { PRESENCE_GRACE_SECONDS: '120', NBA_HOLDOUT_SHARE: '0' } });
    await createUser(server.db, { email: 'erin.agent@example.com', name: 'Erin Agent', role: 'agent', password: PASSWORD, queues: ['support'] });
    await createUser(server.db, { email: 'sol.supervisor@example.com', name: 'Sol Supervisor', role: 'supervisor', password: PASSWORD, queues: ['support'] });
    const results = await ingestEvents(
      server.db,
      [
        makeEvent({
          identities: SAM,
          occurredAt: new Date(Date.now() - 24 * HOUR).toISOString(),
          channel: 'email',
          type: 'email.inbound',
          summary: 'Asked about internet speeds',
          // DSL on a monthly contract, paying by check on paper: service, sales and education plays all apply.
          profile: {
            name: 'Sam Okafor',
            attributes: {
              Contract: 'Month-to-month',
              tenure: 14,
              InternetService: 'DSL',
              OnlineSecurity: 'No',
              TechSupport: 'No',
              PhoneService: 'Yes',
              MultipleLines: 'No',
              PaymentMethod: 'Mailed check',
              PaperlessBilling: 'No',
              MonthlyCharges: 55.2,
            },
          },
        }),
      ],
      { defaultPhoneRegion: 'US' },
    );
    expect(results.map((result) => result.status)).toEqual(['accepted']);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    agent = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    agent.setDefaultTimeout(WAIT.timeout);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (clientDir) rmSync(clientDir, { recursive: true, force: true });
  });

  const cards = () => agent.getByTestId('next-best-action');
  const shownKeys = () => cards().evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-action-key')));

  it('shows three ranked actions in the screen pop, replaces a declined one, records an accept, and re-ranks on a cancel once the pointer leaves', async () => {
    await agent.goto(`${server.url}/`);
    await agent.getByLabel('Email').fill('erin.agent@example.com');
    await agent.getByLabel('Password').fill(PASSWORD);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.waitForURL(/\/console$/);
    await agent.getByTestId('connection-status').getByText('Live').waitFor();
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isEnabled(), WAIT).toBe(true);
    await agent.locator('label', { hasText: 'Available' }).click();
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isChecked(), WAIT).toBe(true);

    const started = await postSigned(`${server.integrationUrl}/api/v1/interactions`, {
      externalId: 'pbx-call-nba-1',
      channel: 'voice',
      queue: 'support',
      from: { kind: 'phone', value: '(415) 555-0142' },
    });
    expect(started.status).toBe(201);
    const { interactionId } = (await started.json()) as { interactionId: string };

    await agent.getByTestId('interaction-title').getByText('Call from Sam Okafor').waitFor();
    await expect.poll(() => cards().count(), WAIT).toBe(3);
    const first = await shownKeys();
    const top = cards().first();
    // The script, its why and its ranking factors are readable on the card.
    expect((await top.innerText()).length).toBeGreaterThan(40);
    await top.getByText('How it was ranked').click();
    await top.getByText('Likely to accept').waitFor();

    await agent.keyboard.press('a');
    await agent.getByTestId('interaction-state').getByText('In progress').waitFor();

    // Decline the top action with a reason: it leaves the list, the next in rank takes a place.
    const declinedKey = first[0]!;
    await top.getByRole('button', { name: 'Decline…' }).click();
    await top.getByLabel('Why not?').selectOption({ label: 'Too expensive' });
    await top.getByRole('button', { name: 'Decline', exact: true }).click();
    await expect.poll(shownKeys, WAIT).not.toContain(declinedKey);
    await expect.poll(() => cards().count(), WAIT).toBe(3);
    const declinedLine = agent.getByTestId('declined-action');
    await declinedLine.waitFor();
    expect(await declinedLine.innerText()).toContain('Too expensive');
    const second = await shownKeys();
    expect(second.filter((key) => !first.includes(key))).toHaveLength(1);

    // Accept another: the card says so and keeps its place.
    const accepted = cards().filter({ has: agent.getByRole('button', { name: 'Accept' }) }).first();
    const acceptedKey = await accepted.getAttribute('data-action-key');
    await accepted.getByRole('button', { name: 'Accept' }).click();
    const acceptedCard = agent.locator(`[data-testid="next-best-action"][data-action-key="${acceptedKey}"]`);
    await acceptedCard.getByText('Accepted').waitFor();
    expect(await acceptedCard.getByRole('button').count()).toBe(0);
    expect(await shownKeys()).toContain(acceptedKey);

    // The caller says they are leaving: the list re-ranks, but not under the agent's pointer.
    const beforeCancel = await shownKeys();
    await cards().first().hover();
    const said = await postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/utterances`, {
      speaker: 'customer',
      text: 'Honestly, I want to cancel my service. Verizon offered me a better deal.',
      seq: 1,
    });
    expect(said.status).toBe(201);
    await agent.getByTestId('transcript-turn').filter({ hasText: 'cancel my service' }).waitFor();
    await agent.getByRole('button', { name: 'Updated — show' }).waitFor();
    expect(await shownKeys()).toEqual(beforeCancel);

    await agent.getByTestId('interaction-title').hover();
    await expect.poll(shownKeys, WAIT).not.toEqual(beforeCancel);
    expect(await cards().first().innerText()).toMatch(/^Retention/i);
    // The accepted action stays on screen while the agent delivers it.
    expect(await shownKeys()).toContain(acceptedKey);
  });

  it('lets a supervisor fix an action with the server naming the broken part of its rule, and read the uplift', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${server.url}/actions`);
    await page.getByLabel('Email').fill('sol.supervisor@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/actions$/);
    // The seeded catalog.
    await expect.poll(() => page.getByTestId('catalog-row').count(), WAIT).toBeGreaterThan(10);

    await page.getByRole('button', { name: 'Edit app-self-service' }).click();
    const rule = page.getByLabel('Eligibility rule (JSON)');
    await rule.fill('{"all": [');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('eligibility-error').getByText(/Not valid JSON/).waitFor();

    await rule.fill('{"all": [{"fact": "services", "op": "gt", "value": 2}]}');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('eligibility-error').getByText(/^eligibility\.all\.0\.op: services is a list/).waitFor();

    await rule.fill('{"all": [{"fact": "services", "op": "includes", "value": "internet"}]}');
    await page.getByLabel(/^Lever/).fill('2');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('Saved app-self-service').waitFor();
    const row = page.getByTestId('catalog-row').filter({ hasText: 'app-self-service' });
    expect(await row.innerText()).toContain('×2');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Uplift' }).click();
    await page.waitForURL(/\/actions\/uplift$/);
    const overall = page.getByTestId('uplift-overall');
    await overall.waitFor();
    // The call above: offers in the learned arm, none in the holdout (its share is 0 here).
    expect(await overall.innerText()).toMatch(/Learned ranking\s+[1-9]\d*\s+\d+\.\d\s?%/);
    expect(await overall.innerText()).toMatch(/Holdout \(random order\)\s+0\s+—/);
    expect(await page.getByTestId('uplift-difference').innerText()).toContain('Acceptance uplift: —');
    await expect.poll(() => page.getByTestId('uplift-action-row').count(), WAIT).toBeGreaterThan(0);
    await page.close();
  });
});
