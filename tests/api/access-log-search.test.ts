import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, dutchTime } from '../../server/audit/csv';
import type { AccessLogItem, AccessLogPage } from '../../server/contract/admin';
import type { Problem, StartInstanceResponse } from '../../server/contract/api';
import { DEMO_USERS } from '../../server/demo/seed';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

const LOG = '/api/admin/access-log';

describe('the privacy officer searches and exports the access log', () => {
  let server: TestServer;
  let privacy: ApiClient;
  let first: StartInstanceResponse;
  let second: StartInstanceResponse;

  beforeAll(async () => {
    // Given reads on two days: slt reads case A on Monday, the teamleider A and slt B on Tuesday
    server = await startServer({ clockStart: '2026-03-02T09:00:00Z' });
    const slt = await ApiClient.login(server.baseUrl, 'slt');
    const teamleider = await ApiClient.login(server.baseUrl, 'teamleider');
    privacy = await ApiClient.login(server.baseUrl, 'privacy');
    first = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    for (let read = 0; read < 5; read++) await slt.get(`/api/cases/${first.caseId}`);
    await slt.post('/api/test/clock', { advance: 'P1D' });
    await teamleider.get(`/api/cases/${first.caseId}`);
    second = await slt.post<StartInstanceResponse>('/api/instances', {
      definitionKey: 'routering',
      team: 'slt-breda-noord',
    });
    await slt.get(`/api/cases/${second.caseId}`);
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const search = (query: string) => privacy.get<AccessLogPage>(`${LOG}?${query}`);

  it('given reads by several users, when searched by user, then only that user’s reads come back', async () => {
    const { items } = await search('userId=teamleider');

    expect(items.map((item) => [item.userId, item.action, item.resource])).toEqual([
      ['teamleider', 'read', `case/${first.caseId}`],
    ]);
    expect(items[0]!.address).toMatch(/127\.0\.0\.1/);
    expect(items[0]!.session).toMatch(/^[0-9a-f]{12}$/);
  });

  it('given reads of two cases, when searched by case, then only that case’s reads come back, newest first', async () => {
    const { items } = await search(`caseId=${first.caseId}`);

    expect(items.length).toBe(6);
    expect(items.every((item) => item.caseId === first.caseId)).toBe(true);
    expect(items[0]!.userId).toBe('teamleider');
    const seqs = items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it('given reads on two days, when searched by period as dates or instants, then only that period’s reads come back', async () => {
    const monday = await search('from=2026-03-02&to=2026-03-02');
    const tuesday = await search('from=2026-03-03');
    const fromInstant = await search('from=2026-03-03T00:00:00Z&to=2026-03-03T23:59:59%2B01:00');

    expect(monday.items.length).toBeGreaterThan(0);
    expect(monday.items.every((item) => item.at.startsWith('2026-03-02'))).toBe(true);
    expect(tuesday.items.length).toBeGreaterThan(0);
    expect(tuesday.items.every((item) => item.at.startsWith('2026-03-03'))).toBe(true);
    expect(tuesday.items.map((item) => item.userId)).toContain('teamleider');
    expect(fromInstant.items).toEqual(tuesday.items);
  });

  it('given more entries than a page, when paged with the cursor, then every entry comes once, in order, and the last page has no cursor', async () => {
    const all = (await search('limit=1000')).items;
    const paged: AccessLogItem[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page: AccessLogPage = await search(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);

    expect(all.length).toBeGreaterThan(6);
    expect(paged).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  it('given bad search values, when searched, then 400 names the parameter', async () => {
    for (const [query, parameter] of [
      ['from=gisteren', 'from'],
      ['to=2026-02-30', 'to'],
      ['from=2026-03-02T09:00:00', 'from'],
      ['from=2026-03-04&to=2026-03-03', 'from'],
      ['limit=0', 'limit'],
      ['limit=5000', 'limit'],
      ['cursor=abc', 'cursor'],
    ] as const) {
      const response = await privacy.request('GET', `${LOG}?${query}`);
      expect(response.status, query).toBe(400);
      const problem = (await response.json()) as Problem;
      expect(
        problem.problems?.map((item) => item.path),
        query,
      ).toContain(parameter);
    }
    expect((await privacy.request('GET', `${LOG}/export?to=morgen`)).status).toBe(400);
    // A single bad value is named in the answer's own words, not only per field.
    const long = await privacy.request('GET', `${LOG}?caseId=${'C'.repeat(201)}`);
    expect(((await long.json()) as Problem).detail).toBe('Een casusnummer heeft hoogstens 200 tekens.');
    const cursor = await privacy.request('GET', `${LOG}?cursor=abc`);
    expect(((await cursor.json()) as Problem).detail).toBe(
      'Deze cursor is ongeldig; begin opnieuw bij de eerste pagina.',
    );
  });

  it('given every other demo role, when they ask for the log, its export or its check, then 403; anonymous gets 401', async () => {
    const others = DEMO_USERS.filter(
      (user) => !user.roles.some((role) => role === 'privacyfunctionaris' || role === 'beheerder'),
    );
    expect(others.length).toBeGreaterThan(5);
    const routes = [LOG, `${LOG}/export`, `${LOG}/verify`];
    for (const user of others) {
      const client = await ApiClient.login(server.baseUrl, user.id);
      for (const route of routes) expect((await client.request('GET', route)).status, `${user.id} ${route}`).toBe(403);
    }
    const beheer = await ApiClient.login(server.baseUrl, 'beheer');
    for (const route of routes) {
      expect((await fetch(`${server.baseUrl}${route}`)).status, route).toBe(401);
      expect((await beheer.request('GET', route)).status, `beheer ${route}`).toBe(200);
    }
  });

  it('given a search, when exported, then a dated CSV file with a Dutch header holds the same entries', async () => {
    const response = await privacy.request('GET', `${LOG}/export?caseId=${first.caseId}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="toegangslog-2026-03-03.csv"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = (await response.text()).replace(/^\uFEFF/, '');
    const rows = text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('Volgnummer;Tijdstip;Tijdstip (UTC);Gebruiker;Actie;Casus;Gegevens;Adres;Sessie');
    const { items } = await search(`caseId=${first.caseId}`);
    expect(rows.slice(1)).toEqual(
      items.map((item) =>
        [
          item.seq,
          dutchTime(item.at),
          item.at,
          item.userId,
          'ingezien',
          item.caseId,
          item.resource,
          item.address,
          item.session,
        ].join(';'),
      ),
    );
  });

  it('given an instant in winter and in summer, when written to the CSV, then it reads as Dutch time', () => {
    expect(dutchTime('2026-03-03T09:05:07.123Z')).toBe('03-03-2026 10:05:07');
    expect(dutchTime('2026-07-01T22:30:00Z')).toBe('02-07-2026 00:30:00');
  });

  it('given a cell a spreadsheet would run as a formula, when written to the CSV, then it is shown as text', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell('+31')).toBe("'+31");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('case/C-1')).toBe('case/C-1');
  });
});
