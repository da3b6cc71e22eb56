import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApplication } from '../../server/app';
import { readConfig } from '../../server/config';
import { FIXTURE_PROCESSES, removeDataDir, startServer } from '../support/server';
import { storeEnv } from '../support/store';

describe('demo and production mode', () => {
  it('refuses to start in production mode while the data folder holds demo users', async () => {
    // Given a data folder that demo mode filled
    const demo = await startServer();
    await demo.stop();

    // When it is started in production mode, then it refuses
    const production = readConfig({
      CASUSREGIE_MODE: 'production',
      DATA_DIR: demo.dataDir,
      PROCESSES_DIR: FIXTURE_PROCESSES,
      CLIENT_DIR: path.join(demo.dataDir, 'x'),
      ...(await storeEnv(demo.dataDir)),
    });
    await expect(createApplication(production)).rejects.toThrow(/demo users/);
    await removeDataDir(demo.dataDir);
  });

  it('refuses the test clock in production mode', () => {
    expect(() => readConfig({ CASUSREGIE_MODE: 'production', TEST_CLOCK: '1' })).toThrow(/TEST_CLOCK/);
  });

  it('names a setting it cannot read', () => {
    expect(() => readConfig({ PORT: 'drieduizend' })).toThrow(/PORT must be a non-negative integer/);
    expect(() => readConfig({ CASUSREGIE_MODE: 'test' })).toThrow(/CASUSREGIE_MODE/);
  });

  it('has no test clock route unless TEST_CLOCK=1', async () => {
    const server = await startServer();
    await server.stop();
    const app = await createApplication(
      readConfig({
        DATA_DIR: server.dataDir,
        PROCESSES_DIR: FIXTURE_PROCESSES,
        CLIENT_DIR: path.join(server.dataDir, 'x'),
        ...(await storeEnv(server.dataDir)),
      }),
    );
    const port = await app.listen(0);
    const login = await fetch(`http://127.0.0.1:${port}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'slt', password: 'demo' }),
    });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const response = await fetch(`http://127.0.0.1:${port}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'X-CSRF-Token': csrfToken },
      body: JSON.stringify({ advance: 'P1D' }),
    });
    expect(response.status).toBe(404);
    await app.close();
    await removeDataDir(server.dataDir);
  });
});
