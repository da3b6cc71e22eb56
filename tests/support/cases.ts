import type { CaseList, CaseSummary, Problem } from '../../server/contract/api';
import { type CaseRun, RouteDriver } from '../processes/support/route';
import { ApiClient } from './server';

/**
 * The product diagrams and demo users on a real server, for the case-list, regievoerder and
 * closing tests: the route driver's users plus the colleagues those tests need besides.
 */
export class CasesDriver {
  private constructor(
    readonly route: RouteDriver,
    private readonly extra: Map<string, ApiClient>,
  ) {}

  static async open(): Promise<CasesDriver> {
    const route = await RouteDriver.open();
    const extra = new Map<string, ApiClient>();
    for (const username of ['regisseur2', 'regisseur-zuid']) {
      extra.set(username, await ApiClient.login(route.server.baseUrl, username));
    }
    return new CasesDriver(route, extra);
  }

  as(username: string): ApiClient {
    return this.extra.get(username) ?? this.route.as(username);
  }

  /** A new toeleiding for a youth, registered by the SLT worker of slt-breda-noord. */
  async register(initialen: string, geboortedatum: string): Promise<CaseRun> {
    const s = await this.route.samples();
    return this.route.start('toeleiding', s.aanmelding({ initialen, geboortedatum }));
  }

  /** Through triage to help within the SLT: the case then waits for its evaluation date, without a task. */
  async toEvaluationWait(run: CaseRun): Promise<void> {
    const s = await this.route.samples();
    await run.complete('Task_Vraagverkenning', s.vraagverkenning());
    await run.complete('Task_Triage', s.triage('regulier', 'midden', 'hulp-binnen-slt'));
    await run.complete('Task_HulpInzettenSlt', s.hulpInzettenSlt(s.besluit().evaluatiedatum as string));
  }

  list(username: string, query = ''): Promise<CaseList> {
    return this.as(username).get<CaseList>(`/api/cases${query}`);
  }

  /** Every case a user may see, walking all pages. */
  async all(username: string, query = ''): Promise<CaseSummary[]> {
    const items: CaseSummary[] = [];
    let cursor: string | undefined;
    do {
      const separator = query ? '&' : '?';
      const page = await this.list(
        username,
        `${query}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  async find(username: string, caseId: string): Promise<CaseSummary | undefined> {
    const page = await this.list(username, `?q=${encodeURIComponent(caseId)}`);
    return page.items.find((item) => item.caseId === caseId);
  }

  async setRegisseur(username: string, caseId: string, userId: string): Promise<Response> {
    return this.as(username).request('PUT', `/api/cases/${caseId}/regisseur`, { userId });
  }

  async close(username: string, caseId: string, reden?: string): Promise<Response> {
    return this.as(username).request('POST', `/api/cases/${caseId}/close`, reden === undefined ? {} : { reden });
  }

  async stop(): Promise<void> {
    await this.route.close();
  }
}

export async function problemOf(response: Response): Promise<Problem> {
  return (await response.json()) as Problem;
}
