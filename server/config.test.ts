import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'cue-config-'));

describe('loadConfig', () => {
  it('runs embedded with no configuration: SQLite in the data folder, secrets generated once and kept', () => {
    const dir = tempDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect([config.integrationPort, config.integrationHost]).toEqual([3001, '0.0.0.0']);
    expect(config.databaseUrl).toBe(`sqlite:${path.join(dir, 'cue.sqlite')}`);
    expect(config.demo).toBe(true);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(config.jwtSecret);
    expect(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).webhookSecret).toBe(config.webhookSecrets[0]);
  });

  it('names every invalid value', () => {
    const attempt = () => loadConfig({ DATA_DIR: tempDir(), PORT: 'eighty', DATABASE_URL: 'mysql://x', DEMO: 'maybe', DEFAULT_PHONE_REGION: 'XX' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      for (const name of ['PORT', 'DATABASE_URL', 'DEMO', 'DEFAULT_PHONE_REGION']) expect((error as Error).message).toContain(name);
    }
  });

  it('puts the integration API on a port other than the console’s', () => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), PORT: '8080', INTEGRATION_PORT: '8080' })).toThrow(/INTEGRATION_PORT must differ from PORT/);
    expect(loadConfig({ DATA_DIR: tempDir(), HOST: '127.0.0.1', INTEGRATION_PORT: '0' })).toMatchObject({ integrationPort: 0, integrationHost: '127.0.0.1' });
  });

  it('refuses generated secrets in production and short secrets anywhere', () => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), NODE_ENV: 'production' })).toThrow(/JWT_SECRET and WEBHOOK_SECRET/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32/);
  });

  it('keeps the previous integration secret during rotation', () => {
    const current = 'c'.repeat(32);
    const previous = 'p'.repeat(32);
    const config = loadConfig({ DATA_DIR: tempDir(), JWT_SECRET: 'j'.repeat(32), WEBHOOK_SECRET: current, WEBHOOK_SECRET_PREVIOUS: previous });
    expect(config.webhookSecrets).toEqual([current, previous]);
  });

  it('makes the server exit with code 1 and a clear message on an invalid value', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: 'eighty', DATA_DIR: tempDir() },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Invalid configuration');
    expect(run.stderr).toContain('PORT');
  });
});
