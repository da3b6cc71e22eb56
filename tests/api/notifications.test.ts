import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ClockResponse,
  Notification,
  Preferences,
  Problem,
  StartInstanceResponse,
  Task,
} from '../../server/contract/api';
import { samples } from '../../server/demo/sample-input';
import { type CaseRun, PROCESSES_DIR, RouteDriver, TEAM } from '../processes/support/route';
import { ApiClient, removeDataDir, startServer } from '../support/server';
import { type LiveClient as Live, LiveClient, pause } from '../support/sockets';

/** Notifications in the app (issue 16): who is told, live and in the list, and never about the youth. */
describe('notifications in the app', () => {
  let driver: RouteDriver;
  const YOUTH = { initialen: 'Q.X.', geboortedatum: '2013-05-17' };

  const notificationsOf = (username: string, query = '') =>
    driver.as(username).get<Notification[]>(`/api/notifications${query}`);

  beforeAll(async () => {
    driver = await RouteDriver.open();
  }, 120_000);
  afterAll(async () => {
    await driver?.close();
  });

  async function registered(urgentie = 'regulier'): Promise<CaseRun> {
    const s = await driver.samples();
    return driver.start('toeleiding', s.aanmelding(YOUTH, { urgentie }));
  }

  async function openTask(run: CaseRun, elementId: string): Promise<Task> {
    const task = (await run.openTasks()).find((candidate) => candidate.elementId === elementId);
    if (!task) throw new Error(`no open ${elementId}`);
    return task;
  }

  it('tells the assignee, live and in the list, when a teamleider assigns a task, and nobody else', async () => {
    // Given a new case and the SLT worker, the regisseur and the teamleider connected live
    const run = await registered();
    const task = await openTask(run, 'Task_Vraagverkenning');
    const sockets: Record<string, Live> = {};
    for (const username of ['slt', 'regisseur', 'teamleider'])
      sockets[username] = await LiveClient.as(driver.as(username));
    try {
      // When the teamleider assigns the Vraagverkenning to the SLT worker
      await driver.as('teamleider').post(`/api/tasks/${task.id}/assign`, { userId: 'slt' });

      // Then the SLT worker hears it live, naming the case number and the task
      const live = await sockets.slt!.waitFor('notification:created', (n) => n.caseId === run.caseId);
      expect(live).toMatchObject({ kind: 'toegewezen', caseId: run.caseId, taskId: task.id, read: false });
      expect(live.text).toContain(run.caseId);
      expect(live.text).toContain('Vraagverkenning');
      // And finds it unread in their list
      const unread = await notificationsOf('slt', '?unread=true');
      expect(unread.find((n) => n.id === live.id)).toEqual(live);
      // And neither the regisseur nor the teamleider who assigned it is told, live or in a list
      await pause(300);
      for (const other of ['regisseur', 'teamleider']) {
        expect(sockets[other]!.all('notification:created', (n) => n.caseId === run.caseId)).toEqual([]);
        expect((await notificationsOf(other)).filter((n) => n.caseId === run.caseId)).toEqual([]);
      }
    } finally {
      for (const socket of Object.values(sockets)) socket.close();
    }
  });

  it('does not tell someone who takes a task themselves', async () => {
    // Given a new case
    const run = await registered();
    const task = await openTask(run, 'Task_Vraagverkenning');
    // When the SLT worker claims its Vraagverkenning
    await driver.as('slt').post(`/api/tasks/${task.id}/claim`);
    // Then no notification is about that task
    expect((await notificationsOf('slt')).filter((n) => n.taskId === task.id)).toEqual([]);
  });

  it('marks a notification read for its owner only; another user gets 404', async () => {
    // Given a notification of the SLT worker
    const run = await registered();
    const task = await openTask(run, 'Task_Vraagverkenning');
    await driver.as('teamleider').post(`/api/tasks/${task.id}/assign`, { userId: 'slt' });
    const [mine] = (await notificationsOf('slt', '?unread=true')).filter((n) => n.taskId === task.id);
    expect(mine).toBeDefined();

    // When the regisseur tries to mark it read, the answer is 404 and it stays unread
    const foreign = await driver.as('regisseur').request('POST', `/api/notifications/${mine!.id}/read`);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as Problem).status).toBe(404);
    expect((await notificationsOf('slt', '?unread=true')).some((n) => n.id === mine!.id)).toBe(true);
    // And an unknown id is 404 as well
    expect((await driver.as('slt').request('POST', '/api/notifications/onbekend/read')).status).toBe(404);

    // When the SLT worker marks it read
    const read = await driver.as('slt').request('POST', `/api/notifications/${mine!.id}/read`);
    expect(read.status).toBe(204);
    // Then it is no longer unread, but still listed, as read
    expect((await notificationsOf('slt', '?unread=true')).some((n) => n.id === mine!.id)).toBe(false);
    expect((await notificationsOf('slt')).find((n) => n.id === mine!.id)).toMatchObject({ read: true });

    // And "alles gelezen" leaves nothing unread
    expect((await driver.as('slt').request('POST', '/api/notifications/read')).status).toBe(204);
    expect(await notificationsOf('slt', '?unread=true')).toEqual([]);
  });

  it('keeps each user’s e-mail choice, direct by default, and refuses another value naming email', async () => {
    const regisseur = driver.as('regisseur');
    expect(await regisseur.get<Preferences>('/api/me/preferences')).toEqual({ email: 'direct' });

    const refused = await regisseur.request('PUT', '/api/me/preferences', { email: 'wekelijks' });
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as Problem;
    expect(problem.problems?.map((p) => ('path' in p ? p.path : undefined))).toContain('email');
    expect((await regisseur.request('PUT', '/api/me/preferences', [])).status).toBe(400);

    const chosen = await regisseur.request('PUT', '/api/me/preferences', { email: 'dagelijks' });
    expect(chosen.status).toBe(200);
    expect(await chosen.json()).toEqual({ email: 'dagelijks' });
    expect(await regisseur.get<Preferences>('/api/me/preferences')).toEqual({ email: 'dagelijks' });
    // Another user's choice is their own
    expect(await driver.as('slt').get<Preferences>('/api/me/preferences')).toEqual({ email: 'direct' });
  });

  it('tells the assignee once when their task passes its due date on the server clock', async () => {
    // Given a Vraagverkenning assigned to the SLT worker (due in 10 working days)
    const run = await registered();
    const task = await openTask(run, 'Task_Vraagverkenning');
    await driver.as('teamleider').post(`/api/tasks/${task.id}/assign`, { userId: 'slt' });
    const overdue = async () =>
      (await notificationsOf('slt')).filter((n) => n.taskId === task.id && n.kind === 'termijn-verstreken');
    expect(await overdue()).toEqual([]);

    // When the clock passes its due date, and moves on another day
    await driver.advance('P20D');
    await driver.advance('P1D');

    // Then the SLT worker was told once, naming the case number and the task
    const told = await overdue();
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(run.caseId);
    expect(told[0]!.text).toContain('Vraagverkenning');
  });

  it('tells the crisis service and the team’s teamleider when the 24-hour crisis norm is breached', async () => {
    // Given a crisis aanmelding, whose intervention waits for the crisis service
    const run = await registered('crisis');
    await openTask(run, 'Task_Crisisinterventie');

    // When 25 hours pass without the intervention done
    await driver.advance('PT25H');

    // Then the crisis service and the teamleider are told, and the SLT worker is not
    for (const username of ['crisis', 'teamleider']) {
      const [breach] = (await notificationsOf(username)).filter(
        (n) => n.caseId === run.caseId && n.kind === 'crisisnorm',
      );
      expect(breach?.text).toContain(run.caseId);
    }
    expect((await notificationsOf('slt')).filter((n) => n.caseId === run.caseId && n.kind === 'crisisnorm')).toEqual(
      [],
    );
  });

  it('tells the holder and the team’s teamleider when an escalation timer lets a level’s term pass', async () => {
    // Given an escalation in a crisis, whose level-1 task the teamleider took (24 hours)
    const run = await driver.start('escalatieladder', { reden: 'geen-passend-aanbod', urgentie: 'crisis' });
    const level1 = await openTask(run, 'Task_Niveau1');
    await driver.as('teamleider').post(`/api/tasks/${level1.id}/claim`);

    // When its term passes
    await driver.advance('PT24H1M');

    // Then the teamleider is told once, as an escalation naming the case and the task
    const told = (await notificationsOf('teamleider')).filter((n) => n.caseId === run.caseId);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'escalatie', taskId: level1.id });
    expect(told[0]!.text).toContain(run.caseId);
    expect(told[0]!.text).toContain(level1.name);
    // And nobody outside the case's concern is
    expect((await notificationsOf('slt')).filter((n) => n.caseId === run.caseId)).toEqual([]);
  });

  it('reminds the placement coordinator who holds the search when its reminder timer fires', async () => {
    // Given a placement search, held by the placement coordinator
    const s = await driver.samples();
    const run = await driver.start('plaatsingscoordinatie', {
      urgentie: 'regulier',
      jeugdige: YOUTH,
      hulpvraag: 'Thuis wonen lukt niet meer.',
      // As after an MDO that decided a stay is needed: the search starts without another MDO.
      besluit: s.besluit({ verblijfNodig: true }),
    });
    await run.complete('Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false));
    await run.complete('Task_Matchprofiel', s.matchprofiel());
    const search = await openTask(run, 'Task_PassendePlekZoeken');
    await driver.as('plaatser').post(`/api/tasks/${search.id}/claim`);

    // When ten working days pass without a place
    await driver.advance('P18D');

    // Then the coordinator gets a reminder naming the case and the search, and the teamleider does not
    const [reminder] = (await notificationsOf('plaatser')).filter(
      (n) => n.caseId === run.caseId && n.kind === 'herinnering',
    );
    expect(reminder).toMatchObject({ taskId: search.id });
    expect(reminder!.text).toContain(run.caseId);
    expect(reminder!.text).toContain(search.name);
    expect(
      (await notificationsOf('teamleider')).filter((n) => n.caseId === run.caseId && n.kind === 'herinnering'),
    ).toEqual([]);
  });

  it('never names the youth: no initials and no birth date in any notification text', async () => {
    for (const username of ['slt', 'regisseur', 'teamleider', 'crisis', 'plaatser', 'expertteam', 'bestuurder']) {
      for (const notification of await notificationsOf(username)) {
        expect(notification.text).not.toContain(YOUTH.initialen);
        expect(notification.text).not.toContain('2013');
        expect(notification.text).not.toContain('17-05');
      }
    }
  });
});

describe('notifications across a restart', () => {
  it('keeps each notification, its read state and the e-mail choice when the server restarts', async () => {
    // Given a notification the SLT worker read, one unread, and their choice of a daily digest
    const first = await startServer({ processesDir: PROCESSES_DIR });
    const dataDir = first.dataDir;
    try {
      const slt = await ApiClient.login(first.baseUrl, 'slt');
      const teamleider = await ApiClient.login(first.baseUrl, 'teamleider');
      const assign = async () => {
        const { now } = await slt.post<ClockResponse>('/api/test/clock', { advance: 'PT0S' });
        const { caseId } = await slt.post<StartInstanceResponse>('/api/instances', {
          definitionKey: 'toeleiding',
          team: TEAM,
          variables: samples(new Date(now)).aanmelding({ initialen: 'R.S.', geboortedatum: '2011-01-02' }),
        });
        const task = (await teamleider.get<Task[]>(`/api/tasks?caseId=${caseId}`))[0]!;
        await teamleider.post(`/api/tasks/${task.id}/assign`, { userId: 'slt' });
        return caseId;
      };
      const readCase = await assign();
      const unreadCase = await assign();
      const before = await slt.get<Notification[]>('/api/notifications');
      await slt.request('POST', `/api/notifications/${before.find((n) => n.caseId === readCase)!.id}/read`);
      await slt.request('PUT', '/api/me/preferences', { email: 'dagelijks' });
      await first.stop();

      // When the server starts again on the same data folder
      const second = await startServer({ processesDir: PROCESSES_DIR, dataDir });
      try {
        const again = await ApiClient.login(second.baseUrl, 'slt');
        // Then both notifications are there, with their read state, and so is the choice
        const after = await again.get<Notification[]>('/api/notifications');
        expect(after.find((n) => n.caseId === readCase)).toMatchObject({ read: true });
        expect(after.find((n) => n.caseId === unreadCase)).toMatchObject({ read: false });
        expect(await again.get<Preferences>('/api/me/preferences')).toEqual({ email: 'dagelijks' });
      } finally {
        await second.stop();
      }
    } finally {
      await removeDataDir(dataDir);
    }
  }, 120_000);
});
