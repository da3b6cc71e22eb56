import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification, StartInstanceResponse, Task } from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { PROCESSES_DIR, TEAM } from '../processes/support/route';
import { TestMailServer } from '../support/mail-server';
import { freePort } from '../support/process';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

/** Notifications by e-mail (issue 16), against a real SMTP server started here. */
describe('notifications by e-mail', () => {
  const PUBLIC_URL = 'https://casusregie.example';
  const YOUTH = { initialen: 'M.W.', geboortedatum: '2012-08-23' };
  let mail: TestMailServer;
  let server: TestServer;
  let slt: ApiClient;
  let teamleider: ApiClient;

  beforeAll(async () => {
    mail = await TestMailServer.start();
    // Monday 7 December 2026, 09:00 in Amsterdam: the next digest is due on Tuesday at 07:00.
    server = await startServer({
      processesDir: PROCESSES_DIR,
      env: { SMTP_URL: mail.url, PUBLIC_URL, MAIL_FROM: 'Casusregie <casusregie@example.org>' },
      clockStart: '2026-12-07T08:00:00Z',
    });
    slt = await ApiClient.login(server.baseUrl, 'slt');
    teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
    await mail?.stop();
  });

  /** A new case whose Vraagverkenning the teamleider assigns to the SLT worker; its case number. */
  async function assignedCase(): Promise<string> {
    const { now } = await slt.post<{ now: string }>('/api/test/clock', { advance: 'PT0S' });
    const s = samples(new Date(now));
    const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'toeleiding',
      team: TEAM,
      variables: s.aanmelding(YOUTH),
    });
    const task = (await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
      (candidate) => candidate.elementId === 'Task_Vraagverkenning',
    )!;
    await teamleider.post(`/api/tasks/${task.id}/assign`, { userId: 'slt' });
    return caseId;
  }

  const about = (caseId: string) => (m: { subject: string; text: string }) =>
    m.subject.includes(caseId) || m.text.includes(caseId);

  function expectNoYouth(text: string): void {
    expect(text).not.toContain(YOUTH.initialen);
    expect(text).not.toContain('2012');
    expect(text).not.toContain('23-08');
  }

  it('sends one e-mail per notification by default, with the case number and a link, never the youth', async () => {
    await slt.request('PUT', '/api/me/preferences', { email: 'direct' });
    // When a task is assigned to the SLT worker
    const caseId = await assignedCase();

    // Then an e-mail reaches slt@example.org, in Dutch, naming the case and linking to it
    const received = await mail.waitFor(about(caseId));
    expect(received.to).toEqual(['slt@example.org']);
    expect(received.subject).toContain(`casus ${caseId}`);
    expect(received.subject).toContain('toegewezen');
    expect(received.text).toContain(`${PUBLIC_URL}/casussen/${caseId}`);
    expect(received.text).toContain('Vraagverkenning');
    expectNoYouth(`${received.subject}\n${received.text}`);
  });

  it('sends nothing to a user who chose never', async () => {
    // Given the SLT worker chose "nooit"
    await slt.request('PUT', '/api/me/preferences', { email: 'nooit' });
    const silent = await assignedCase();
    // And the notification is in the app all the same
    expect((await slt.get<Notification[]>('/api/notifications')).some((n) => n.caseId === silent)).toBe(true);

    // When they switch back to direct and another task is assigned, that mail arrives
    await slt.request('PUT', '/api/me/preferences', { email: 'direct' });
    const control = await assignedCase();
    await mail.waitFor(about(control));
    // Then, since mail goes out in order, the one for the "nooit" notification never came
    expect(mail.received.filter(about(silent))).toEqual([]);
  });

  it('sends one daily digest after 07:00 to a user who chose daily, and no single mails', async () => {
    // Given the SLT worker chose "dagelijks" on Monday morning, and two tasks are assigned to them
    await slt.request('PUT', '/api/me/preferences', { email: 'dagelijks' });
    const first = await assignedCase();
    const second = await assignedCase();
    const before = mail.received.length;

    // When the clock passes Tuesday 07:00, and then an hour more
    await slt.post('/api/test/clock', { advance: 'PT23H' });
    await slt.post('/api/test/clock', { advance: 'PT1H' });

    // Then one digest arrives holding both cases, with links, and no youth
    const digest = await mail.waitFor((m) => m.subject.includes('meldingen van') && about(first)(m));
    expect(digest.to).toEqual(['slt@example.org']);
    expect(digest.text).toContain(`${PUBLIC_URL}/casussen/${first}`);
    expect(digest.text).toContain(`${PUBLIC_URL}/casussen/${second}`);
    expectNoYouth(`${digest.subject}\n${digest.text}`);

    // And, once a later direct mail has come through, the SLT worker got exactly that one mail since
    // (colleagues may get mail about the demo cases meanwhile)
    await slt.request('PUT', '/api/me/preferences', { email: 'direct' });
    const control = await assignedCase();
    await mail.waitFor(about(control));
    const since = mail.received.slice(before).filter((m) => m.to.includes('slt@example.org') && !about(control)(m));
    expect(since).toEqual([digest]);
  });

  it('does not fail or hold up the action when the SMTP server is down', async () => {
    // Given a server whose SMTP_URL points at a port where nothing listens
    const down = await startServer({
      processesDir: PROCESSES_DIR,
      env: { SMTP_URL: `smtp://127.0.0.1:${await freePort()}`, PUBLIC_URL },
    });
    try {
      const sltDown = await ApiClient.login(down.baseUrl, 'slt');
      const leader = await ApiClient.login(down.baseUrl, 'teamleider');
      const { now } = await sltDown.post<{ now: string }>('/api/test/clock', { advance: 'PT0S' });
      const { caseId } = await sltDown.post<StartInstanceResponse>('/api/instances', {
        definitionKey: 'toeleiding',
        team: TEAM,
        variables: samples(new Date(now)).aanmelding(YOUTH),
      });
      const task = (await leader.get<Task[]>(`/api/tasks?caseId=${caseId}`)).find(
        (candidate) => candidate.elementId === 'Task_Vraagverkenning',
      )!;

      // When the teamleider assigns the task
      const started = Date.now();
      const assigned = await leader.request('POST', `/api/tasks/${task.id}/assign`, { userId: 'slt' });

      // Then the assignment succeeds without waiting for mail (a hang guard, not a timing test),
      // and the notification is in the app
      expect(assigned.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect((await sltDown.get<Notification[]>('/api/notifications')).some((n) => n.caseId === caseId)).toBe(true);
    } finally {
      await down.stop();
      await removeDataDir(down.dataDir);
    }
  });
});
