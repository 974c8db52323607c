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

/**
 * The retention desk end to end: an agent on a call, a supervisor and a retention user watching
 * defection moments, the retention user taking the call over and wrapping it up as a save, then
 * working the high-risk worklist. Three browser contexts (three people), the telephony platform
 * played through the signed API. Conditions with generous deadlines, never sleeps.
 */

const CHROMIUM = '/usr/bin/chromium';
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'correct-horse-battery';
const WAIT = { timeout: 20_000 };

/** A telco profile the shipped model scores high: month-to-month, two months in, fibre, no extras. */
const RISKY = {
  gender: 'Female', SeniorCitizen: 0, Partner: 'No', Dependents: 'No', tenure: 2, PhoneService: 'Yes', MultipleLines: 'No',
  InternetService: 'Fiber optic', OnlineSecurity: 'No', OnlineBackup: 'No', DeviceProtection: 'No', TechSupport: 'No',
  StreamingTV: 'Yes', StreamingMovies: 'Yes', Contract: 'Month-to-month', PaperlessBilling: 'Yes', PaymentMethod: 'Electronic check',
  MonthlyCharges: 95.5, TotalCharges: 190.1,
};

describe('the retention desk in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let clientDir: string;
  const pages: Record<'agent' | 'supervisor' | 'retention', Page | null> = { agent: null, supervisor: null, retention: null };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is needed at ${CHROMIUM} for the browser test (apt-get install -y chromium); CI installs it.`);
    }
    clientDir = mkdtempSync(path.join(tmpdir(), 'cue-e2e-retention-'));
    await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), build: { outDir: clientDir, emptyOutDir: true }, logLevel: 'warn' });
    server = await startTestServer({ clientDir, env: { PRESENCE_GRACE_SECONDS: '120' } });
    await createUser(server.db, { email: 'erin@example.com', name: 'Erin Agent', role: 'agent', password: PASSWORD, queues: ['support'] });
    await createUser(server.db, { email: 'sam@example.com', name: 'Sam Supervisor', role: 'supervisor', password: PASSWORD, queues: ['support'] });
    await createUser(server.db, { email: 'rita@example.com', name: 'Rita Retention', role: 'retention', password: PASSWORD, queues: ['retention'] });
    const results = await ingestEvents(
      server.db,
      [
        makeEvent({ identities: [{ kind: 'phone', value: '+14155550170' }], profile: { name: 'Mo Month', attributes: RISKY }, type: 'account.note' }),
        makeEvent({ identities: [{ kind: 'phone', value: '+14155550171' }], profile: { name: 'Wanda Worklist', attributes: RISKY }, type: 'account.note' }),
      ],
      { defaultPhoneRegion: 'US' },
    );
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (clientDir) rmSync(clientDir, { recursive: true, force: true });
  });

  async function signIn(who: keyof typeof pages, email: string, landing: RegExp): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(landing);
    pages[who] = page;
    return page;
  }

  it('takes a call over from the agent with its whole conversation, and records the save', async () => {
    const agent = await signIn('agent', 'erin@example.com', /\/console$/);
    await agent.getByTestId('connection-status').getByText('Live').waitFor();
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isEnabled(), WAIT).toBe(true);
    await agent.locator('label', { hasText: 'Available' }).click();
    await expect.poll(() => agent.getByRole('radio', { name: 'Available' }).isChecked(), WAIT).toBe(true);

    const supervisor = await signIn('supervisor', 'sam@example.com', /\/customers$/);
    const retention = await signIn('retention', 'rita@example.com', /\/console$/);
    for (const page of [supervisor, retention]) {
      await page.getByRole('link', { name: /Defection moments/ }).click();
      await page.getByRole('heading', { name: 'Defection moments, live' }).waitFor();
    }

    const started = await postSigned(`${server.integrationUrl}/api/v1/interactions`, { externalId: 'pbx-ret-1', channel: 'voice', queue: 'support', from: { kind: 'phone', value: '(415) 555-0170' } });
    const { interactionId } = (await started.json()) as { interactionId: string };
    await agent.getByTestId('interaction-title').getByText('Call from Mo Month').waitFor();
    await agent.keyboard.press('a');
    await agent.getByTestId('interaction-state').getByText('In progress').waitFor();
    const say = (seq: number, speaker: 'customer' | 'agent', text: string) =>
      postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/utterances`, { speaker, text, seq });
    await say(1, 'customer', 'Honestly, I want to cancel my service. Verizon offered me a better deal.');
    await say(2, 'agent', 'I understand, let me see what I can do.');

    // Both see the moment live; only the retention desk may take it over.
    for (const page of [supervisor, retention]) await page.getByTestId('defection-alert').filter({ hasText: 'Mo Month' }).waitFor();
    expect(await supervisor.getByTestId('take-over').count()).toBe(0);
    await retention.getByTestId('take-over').click();

    await retention.waitForURL(/\/console$/);
    await retention.getByTestId('interaction-title').getByText('Call from Mo Month').waitFor();
    await expect.poll(() => retention.getByTestId('transcript-turn').count(), WAIT).toBe(2);
    await agent.getByTestId('transferred-notice').getByText('Transferred to Rita Retention').waitFor();
    await supervisor.getByTestId('taken-over').getByText('Taken over by Rita Retention').waitFor();

    // The caller is still on the line: what they say next reaches Rita.
    await say(3, 'customer', 'So what can you offer me?');
    await retention.getByTestId('transcript-turn').filter({ hasText: 'So what can you offer me?' }).waitFor();

    await postSigned(`${server.integrationUrl}/api/v1/interactions/${interactionId}/end`, {});
    await supervisor.getByTestId('moment-ended').getByText('Call ended · taken over by Rita Retention').waitFor();
    await retention.getByTestId('retention-outcome').waitFor();
    await retention.getByLabel('Disposition').selectOption({ label: 'Retention: customer saved' });
    await retention.getByRole('radio', { name: /Saved/ }).check();
    await retention.getByLabel(/Offer made/).fill('20% off for 12 months');
    await retention.getByRole('button', { name: /Submit wrap-up/ }).click();
    await retention.getByTestId('wrapup-done').waitFor();
    const outcome = retention.locator('article[data-event-type="outcome.recorded"]');
    await outcome.waitFor();
    expect(await outcome.innerText()).toContain('20% off for 12 months');
  });

  it('works the high-risk worklist: ranks, logs an outreach, takes the row off', async () => {
    const retention = pages.retention!;
    await retention.getByRole('link', { name: /Worklist/ }).click();
    const row = retention.getByTestId('worklist-row').filter({ hasText: 'Wanda Worklist' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/high risk[\s\S]*\/month/);
    await row.getByTestId('log-outreach').click();
    await row.getByLabel('Outcome').selectOption({ label: 'Left a message' });
    await row.getByLabel(/Note/).fill('Voicemail about the loyalty offer.');
    await row.getByRole('button', { name: 'Log outreach' }).click();
    await retention.getByTestId('outreach-logged').getByText(/Wanda Worklist: Left a message/).waitFor();
    await row.waitFor({ state: 'detached' });

    // The supervisor sees the same list, without the outreach button.
    const supervisor = pages.supervisor!;
    await supervisor.getByRole('link', { name: /Worklist/ }).click();
    await supervisor.getByRole('heading', { name: 'High-risk customers to call' }).waitFor();
    await expect.poll(() => supervisor.getByTestId('log-outreach').count(), WAIT).toBe(0);
  });
});
