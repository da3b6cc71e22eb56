import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CasesDriver, problemOf } from '../support/cases';
import { readAccessLog } from '../support/store';

/** GET /api/cases on the product diagrams, with the twelve demo cases beside the tests' own. */
describe('the case list', () => {
  let driver: CasesDriver;

  // A server with the demo seed and eleven logins: room for a busy 2-core machine.
  beforeAll(async () => {
    driver = await CasesDriver.open();
  }, 120_000);
  afterAll(async () => {
    await driver?.stop();
  });

  it('shows a new case first, with its youth, team, opening time and current step', async () => {
    // Given a youth registered just now
    const run = await driver.register('A.Q.', '2014-06-15');

    // When the team's teamleider opens the list
    const { items } = await driver.list('teamleider');

    // Then it is the newest case, with initials, age, its first step and no regievoerder yet
    expect(items[0]).toMatchObject({
      caseId: run.caseId,
      team: 'slt-breda-noord',
      jeugdige: { initialen: 'A.Q.' },
      state: 'open',
      overdue: false,
      currentSteps: [{ definitionKey: 'toeleiding', elementId: 'Task_Vraagverkenning', name: 'Vraagverkenning' }],
    });
    expect(items[0]!.jeugdige.leeftijd).toBeGreaterThanOrEqual(11);
    expect(items[0]!.regisseur).toBeUndefined();
    const opened = items.map((item) => item.openedAt);
    expect(opened).toEqual([...opened].sort().reverse());
  });

  it('finds a case by its number, its initials (any dots or case) and its date of birth typed either way', async () => {
    // Given a youth with initials nobody else has
    const run = await driver.register('X.Y.', '2013-05-17');
    const found = async (q: string) =>
      (await driver.list('regisseur', `?q=${encodeURIComponent(q)}`)).items.map((item) => item.caseId);

    // When searching, then each way of naming the youth finds the case
    expect(await found(run.caseId.toLowerCase())).toEqual([run.caseId]);
    expect(await found(run.caseId.slice(0, 6))).toContain(run.caseId);
    for (const q of ['X.Y.', 'xy', 'x.y', 'X Y']) expect(await found(q)).toEqual([run.caseId]);
    expect(await found('17-05-2013')).toEqual([run.caseId]);
    expect(await found('2013-05-17')).toEqual([run.caseId]);
    expect(await found('18-05-2013')).not.toContain(run.caseId);
  });

  it('refuses a date of birth that does not exist, naming q', async () => {
    const response = await driver.as('regisseur').request('GET', '/api/cases?q=31-02-2012');

    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.problems?.[0]).toMatchObject({ path: 'q', code: 'date' });
    expect(problem.detail).toMatch(/geen bestaande datum/);
  });

  it('filters by team, process, state, overdue and "my cases", each on its own', async () => {
    // Given the demo cases (several in an MDO, one owned by Fatima) and a fresh case
    const fresh = await driver.register('F.R.', '2012-01-01');

    const mdo = await driver.all('teamleider', '?definitionKey=mdo');
    expect(mdo.length).toBeGreaterThan(0);
    expect(mdo.map((item) => item.caseId)).not.toContain(fresh.caseId);

    const zuid = await driver.all('beschikker', '?team=slt-breda-zuid');
    expect(zuid.length).toBeGreaterThan(0);
    expect(zuid.every((item) => item.team === 'slt-breda-zuid')).toBe(true);

    const open = await driver.all('teamleider', '?state=open');
    expect(open.every((item) => item.state === 'open')).toBe(true);
    expect(open.map((item) => item.caseId)).toContain(fresh.caseId);
    expect((await driver.all('teamleider', '?state=closed')).every((item) => item.state === 'closed')).toBe(true);

    const mine = await driver.all('regisseur2', '?regisseur=me');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((item) => item.regisseur?.id === 'regisseur2')).toBe(true);
    expect(mine[0]!.regisseur?.name).toBe('Fatima El Amrani (procesregisseur)');

    // When the fresh case's first task passes its due date
    expect((await driver.all('teamleider', '?overdue=true')).map((item) => item.caseId)).not.toContain(fresh.caseId);
    await driver.route.advance('P60D');

    // Then it is overdue, and the overdue list holds only overdue cases
    const overdue = await driver.all('teamleider', '?overdue=true');
    expect(overdue.map((item) => item.caseId)).toContain(fresh.caseId);
    expect(overdue.every((item) => item.overdue)).toBe(true);
  });

  it('walks every case exactly once, page by page, newest first', async () => {
    const everything = (await driver.list('teamleider', '?limit=200')).items.map((item) => item.caseId);

    const walked: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await driver.list('teamleider', `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      walked.push(...page.items.map((item) => item.caseId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);

    expect(walked).toEqual(everything);
    expect(new Set(walked).size).toBe(walked.length);
    expect(pages).toBe(Math.ceil(everything.length / 3));
  });

  it('refuses a cursor it did not give and a limit outside 1 to 200, naming the parameter', async () => {
    for (const [query, parameter] of [
      ['cursor=bm9uc2Vuc2U', 'cursor'],
      ['cursor=%E2%9C%93', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=tien', 'limit'],
      ['state=gesloten', 'state'],
      ['regisseur=jan', 'regisseur'],
    ] as const) {
      const response = await driver.as('teamleider').request('GET', `/api/cases?${query}`);
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).problems?.map((problem) => problem.path)).toEqual([parameter]);
    }
  });

  it('shows each user only the cases they may see: another team never, a regional role what reached it', async () => {
    const noord = await driver.all('teamleider');
    const zuid = await driver.all('regisseur-zuid');
    const plaatser = await driver.all('plaatser');

    expect(zuid.length).toBeGreaterThan(0);
    expect(zuid.every((item) => item.team === 'slt-breda-zuid')).toBe(true);
    expect(noord.every((item) => item.team === 'slt-breda-noord')).toBe(true);
    // The placement coordinator sees the cases that reached placement, not the fresh aanmeldingen.
    expect(plaatser.length).toBeGreaterThan(0);
    expect(plaatser.length).toBeLessThan(noord.length);
    const fresh = noord.filter((item) => item.currentSteps.some((step) => step.elementId === 'Task_Vraagverkenning'));
    for (const item of fresh) expect(plaatser.map((seen) => seen.caseId)).not.toContain(item.caseId);
  });

  it('writes every case a list answer showed to the access log', async () => {
    // When the teamleider reads a page of two
    const { items } = await driver.list('teamleider', '?limit=2');

    // Then the log names both cases, read by the teamleider from the case list
    const lines = await readAccessLog(driver.route.server.dataDir);
    const last = lines.slice(-2);
    expect(last.map((entry) => [entry.userId, entry.resource, entry.caseId])).toEqual(
      items.map((item) => ['teamleider', 'case-list', item.caseId]),
    );
  });

  it('names the youth on every task row, in the task itself and in the answer to a claim', async () => {
    // Given a youth registered for the team
    const run = await driver.register('T.R.', '2011-02-28');

    // When the SLT worker reads the group's tasks, the task and claims it
    const slt = driver.as('slt');
    const rows = await slt.get<Array<{ id: string; caseId: string; jeugdige?: unknown }>>('/api/tasks?scope=group');
    const row = rows.find((task) => task.caseId === run.caseId)!;
    const detail = await slt.get<{ jeugdige?: unknown }>(`/api/tasks/${row.id}`);
    const claimed = await slt.post<{ jeugdige?: unknown }>(`/api/tasks/${row.id}/claim`);
    const instance = await slt.get<{ openTasks: Array<{ jeugdige?: unknown }> }>(`/api/instances/${run.rootId}`);

    // Then each carries the initials and the age
    for (const task of [row, detail, claimed, ...instance.openTasks]) {
      expect(task.jeugdige).toEqual({ initialen: 'T.R.', leeftijd: expect.any(Number) });
    }
    const rowsWithoutYouth = rows.filter((task) => task.jeugdige === undefined);
    expect(rowsWithoutYouth).toEqual([]);
  });
});
