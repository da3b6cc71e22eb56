/**
 * Benchmark: the steering figures (GET /api/figures) with 10,000 and 100,000 cases in the store.
 *
 * 1. Templates: the server bundle starts in demo mode on the product diagrams (processes/), which
 *    seeds the twelve demo cases; the benchmark walks three more to the start of help (within the
 *    SLT, after a beschikking, and after a placement), so the templates hold lead times, MDOs,
 *    decisions and completed steps as real cases do.
 * 2. For each size: a fresh data folder with the same users, teams and diagrams, and that many
 *    cases cloned from the templates: every id made unique, the team rotated over the demo
 *    region's four teams, the whole case moved back by up to a year (so the cases spread over the
 *    period) and its timers left out (a case moved back would otherwise fire them all at start-up).
 *    The server starts on it (start-up time and memory are reported) and rebuilds every index,
 *    the figure facts included, from the case files.
 * 3. Logged in as the demo beleidsmedewerker, `BENCH_REQUESTS` requests one at a time (the first
 *    five discarded) of the whole answer over loopback: all teams, the last 12 months; and one
 *    team with a task area, which visits every case's facts all the same.
 *
 * Prints one markdown table on stdout, progress on stderr; a measurement, not a test.
 * Environment: BENCH_SIZES (10000,100000), BENCH_REQUESTS (50), BENCH_KEEP_DATA=1.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Variables } from '../server/contract/api';
import { samples } from '../server/demo/sample-input';
import type { CaseDocument } from '../server/store/store';
import {
  Client,
  envInt,
  failures,
  log,
  percentile,
  ROOT,
  type RunningServer,
  readRssKb,
  startServer,
  stopServer,
  type TaskView,
} from './support';

const PROCESSES = path.join(ROOT, 'processes');
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map((size) => Number(size.trim()));
const REQUESTS = Math.max(6, envInt('BENCH_REQUESTS', 50));
const KEEP_DATA = process.env.BENCH_KEEP_DATA === '1';
const TEAMS = ['slt-breda-noord', 'slt-breda-zuid', 'slt-oosterhout', 'slt-altena'];
const GOAL_MS = 500;
const DAY = 86_400_000;
/** Under 12 on any MDO day of the run: the parents consent (DOMAIN.md §3). */
const JEUGDIGE = { initialen: 'X.Y.', geboortedatum: '2019-02-02' };

/** Who works on each candidate group's tasks in the demo (team slt-breda-noord, or regional). */
const USER_FOR_GROUP: Record<string, string> = {
  'slt-medewerker': 'slt',
  procesregisseur: 'regisseur',
  'mdo-voorzitter': 'voorzitter',
  'gemeente-beschikker': 'beschikker',
  teamleider: 'teamleider',
  plaatsingscoordinator: 'plaatser',
  crisisdienst: 'crisis',
};

class Walker {
  private readonly clients = new Map<string, Client>();
  constructor(private readonly baseUrl: string) {}

  async as(username: string): Promise<Client> {
    let client = this.clients.get(username);
    if (!client) {
      client = new Client(this.baseUrl);
      await client.login(username, 'demo');
      this.clients.set(username, client);
    }
    return client;
  }

  async start(variables: Variables): Promise<string> {
    const slt = await this.as('slt');
    const { data } = await slt.call<{ caseId: string }>('POST', '/api/instances', 'POST /api/instances', {
      definitionKey: 'toeleiding',
      team: 'slt-breda-noord',
      variables,
    });
    return data.caseId;
  }

  async complete(caseId: string, elementId: string, variables: Variables): Promise<void> {
    const leader = await this.as('teamleider');
    const { data: tasks } = await leader.call<Array<TaskView & { candidateGroups: string[] }>>(
      'GET',
      `/api/tasks?caseId=${caseId}`,
      'GET /api/tasks',
    );
    const task = tasks.find((candidate) => candidate.elementId === elementId);
    if (!task) throw new Error(`case ${caseId} has no open ${elementId}`);
    const worker = await this.as(USER_FOR_GROUP[task.candidateGroups[0]!] ?? 'regisseur');
    await worker.call('POST', `/api/tasks/${task.id}/claim`, 'POST claim', {});
    await worker.call('POST', `/api/tasks/${task.id}/complete`, 'POST complete', { variables });
  }
}

/** Three cases to the start of help, beside the demo seed's twelve at earlier steps. */
async function walkTemplates(baseUrl: string): Promise<void> {
  const walker = new Walker(baseUrl);
  const s = samples(new Date());
  const mdo = async (caseId: string, besluit: Parameters<typeof s.besluit>[0], analyse: boolean) => {
    await walker.complete(caseId, 'Task_MdoVoorbereiden', s.mdoVoorbereiden());
    if (analyse) await walker.complete(caseId, 'Task_VerklarendeAnalyse', s.verklarendeAnalyse());
    await walker.complete(caseId, 'Task_MdoHouden', s.mdoBesluit({ besluit }));
    await walker.complete(caseId, 'Task_BesluitDelen', s.besluitDelen());
  };
  const slt = await walker.start(s.aanmelding(JEUGDIGE));
  await walker.complete(slt, 'Task_Vraagverkenning', s.vraagverkenning());
  await walker.complete(slt, 'Task_Triage', s.triage('regulier', 'laag', 'hulp-binnen-slt'));
  await walker.complete(slt, 'Task_HulpInzettenSlt', s.hulpInzettenSlt());

  const beschikt = await walker.start(s.aanmelding(JEUGDIGE));
  await walker.complete(beschikt, 'Task_Vraagverkenning', s.vraagverkenning());
  await walker.complete(beschikt, 'Task_Triage', s.triage('regulier', 'hoog', 'niet-vrij-toegankelijk'));
  await mdo(beschikt, { taakgebieden: ['specialistisch'] }, false);
  await walker.complete(beschikt, 'Task_BeschikkingAfgeven', s.beschikkingAfgeven());
  await walker.complete(beschikt, 'Task_StartHulpBevestigen', s.startHulpBevestigen());

  const geplaatst = await walker.start(s.aanmelding(JEUGDIGE));
  await walker.complete(geplaatst, 'Task_Vraagverkenning', s.vraagverkenning());
  await walker.complete(
    geplaatst,
    'Task_Triage',
    s.triage('spoed', 'hoog', 'niet-vrij-toegankelijk', { uithuisplaatsingOverwogen: true }),
  );
  await mdo(geplaatst, { taakgebieden: ['wonen'], verblijfNodig: true }, true);
  for (const [elementId, variables] of [
    ['Task_AmbulanteAlternatieven', s.ambulanteAlternatieven(false)],
    ['Task_Matchprofiel', s.matchprofiel()],
    ['Task_PassendePlekZoeken', s.passendePlekZoeken(false)],
    ['Task_Overbruggingszorg', s.overbruggingszorg()],
    ['Task_PassendePlekZoeken', s.passendePlekZoeken(true)],
    ['Task_Matchgesprek', s.matchgesprek(true)],
    ['Task_Plaatsingsbesluit', s.plaatsingsbesluit()],
    ['Task_BeschikkingVerblijf', s.beschikkingVerblijf()],
    ['Task_PlaatsingStarten', s.plaatsingStarten()],
    ['Task_Onderwijscontinuiteit', s.onderwijscontinuiteit()],
    ['Task_StartHulpBevestigen', s.startHulpBevestigen()],
  ] as const) {
    await walker.complete(geplaatst, elementId, variables);
  }
}

async function readCases(dataDir: string): Promise<CaseDocument[]> {
  const root = path.join(dataDir, 'cases');
  const documents: CaseDocument[] = [];
  // Shard folders only: the case index (cases/index.jsonl) lives beside them.
  for (const shard of await readdir(root, { withFileTypes: true })) {
    if (!shard.isDirectory()) continue;
    for (const file of await readdir(path.join(root, shard.name))) {
      if (!file.endsWith('.json')) continue;
      documents.push(JSON.parse(await readFile(path.join(root, shard.name, file), 'utf8')) as CaseDocument);
    }
  }
  return documents;
}

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z/g;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function caseNumber(index: number): string {
  let id = '';
  let rest = index;
  for (let position = 0; position < 8; position++) {
    id = ALPHABET[rest % ALPHABET.length] + id;
    rest = Math.floor(rest / ALPHABET.length);
  }
  return `B-${id}`;
}

/** A template case as a new case: unique ids, another team, moved back in time, without timers. */
function clone(template: CaseDocument, index: number): { caseId: string; text: string } {
  const caseId = caseNumber(index);
  const suffix = index.toString(16).padStart(8, '0');
  const ids = new Map<string, string>([[template.caseId, caseId]]);
  const unique = (id: string) => ids.set(id, `${id.slice(0, -8)}${suffix}`);
  for (const id of Object.keys(template.instances)) unique(id);
  for (const id of Object.keys(template.tasks)) unique(id);
  for (const decision of template.decisions ?? []) unique(decision.id);
  const shift = (index % 360) * DAY;
  const pattern = new RegExp([...ids.keys()].map((id) => id.replaceAll(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|'), 'g');
  const text = JSON.stringify({
    ...template,
    team: TEAMS[index % TEAMS.length],
    timers: {},
    pendingHistory: [],
  })
    .replace(pattern, (id) => ids.get(id) ?? id)
    .replace(ISO, (instant) => new Date(Date.parse(instant) - shift).toISOString());
  return { caseId, text };
}

async function fillDataDir(templateDir: string, dataDir: string, templates: CaseDocument[], count: number) {
  for (const entry of await readdir(templateDir)) {
    if (entry === 'cases' || entry.endsWith('.jsonl')) continue;
    await cp(path.join(templateDir, entry), path.join(dataDir, entry), { recursive: true });
  }
  const shards = new Set<string>();
  const batch: Array<Promise<void>> = [];
  for (let index = 0; index < count; index++) {
    const { caseId, text } = clone(templates[index % templates.length]!, index);
    const shard = createHash('sha1').update(caseId).digest('hex').slice(0, 2);
    const folder = path.join(dataDir, 'cases', shard);
    if (!shards.has(shard)) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      shards.add(shard);
    }
    batch.push(writeFile(path.join(folder, `${caseId}.json`), text, { mode: 0o600 }));
    if (batch.length >= 200) await Promise.all(batch.splice(0));
    if (index > 0 && index % 20_000 === 0) log(`  ${index} cases written`);
  }
  await Promise.all(batch);
}

interface Row {
  label: string;
  value: string;
  goal: string;
}

async function timeRequests(baseUrl: string, client: Client, url: string): Promise<{ times: number[]; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let request = 0; request < REQUESTS; request++) {
    const started = performance.now();
    const response = await fetch(baseUrl + url, { headers: { cookie: client.cookieHeader } });
    const body = await response.text();
    const elapsed = performance.now() - started;
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
    bytes = body.length;
    if (request >= 5) times.push(elapsed);
  }
  return { times, bytes };
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'casusregie-bench-figures-'));
  const rows: Row[] = [];
  let server: RunningServer | undefined;
  try {
    const templateDir = path.join(work, 'template', 'data');
    await mkdir(templateDir, { recursive: true });
    log('templates: the demo seed and three cases to the start of help');
    server = await startServer(templateDir, { processesDir: PROCESSES });
    await walkTemplates(server.baseUrl);
    await stopServer(server);
    const templates = await readCases(templateDir);
    log(`${templates.length} template cases`);

    for (const size of SIZES) {
      const dataDir = path.join(work, `cases-${size}`, 'data');
      await mkdir(dataDir, { recursive: true });
      log(`writing ${size} cases`);
      await fillDataDir(templateDir, dataDir, templates, size);
      log(`starting the server on ${size} cases`);
      const startedAt = performance.now();
      // Start-up reads and indexes every case file: minutes at 100,000 on a shared machine.
      server = await startServer(dataDir, { processesDir: PROCESSES, startupTimeoutMs: 20 * 60_000 });
      const startup = performance.now() - startedAt;
      const beleid = new Client(server.baseUrl);
      await beleid.login('beleid', 'demo');
      const all = await timeRequests(server.baseUrl, beleid, '/api/figures');
      const narrow = await timeRequests(server.baseUrl, beleid, '/api/figures?team=slt-breda-zuid&taakgebied=wonen');
      const { rss } = await readRssKb(server.pid);
      const n = size.toLocaleString('en');
      const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(1)} ms`;
      const mark = (values: number[]) => (percentile(values, 99) < GOAL_MS ? '✓' : '✗');
      rows.push(
        {
          label: `GET /api/figures, all teams, 12 months, ${n} cases`,
          value: `p50 ${ms(all.times, 50)} · p99 ${ms(all.times, 99)} · ${all.bytes} bytes`,
          goal: `p99 < ${GOAL_MS} ms ${mark(all.times)}`,
        },
        {
          label: `GET /api/figures, one team and task area, ${n} cases`,
          value: `p50 ${ms(narrow.times, 50)} · p99 ${ms(narrow.times, 99)}`,
          goal: `p99 < ${GOAL_MS} ms ${mark(narrow.times)}`,
        },
        {
          label: `server start-up and memory, ${n} cases`,
          value: `${(startup / 1000).toFixed(1)} s · RSS ${(rss / 1024).toFixed(0)} MB`,
          goal: '–',
        },
      );
      for (const row of rows.slice(-3)) log(`${row.label}: ${row.value} (${row.goal})`);
      await stopServer(server);
      server = undefined;
      if (!KEEP_DATA) await rm(path.dirname(dataDir), { recursive: true, force: true });
    }
  } finally {
    await stopServer(server);
    if (KEEP_DATA) log(`data kept in ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
  const width = Math.max(...rows.map((row) => row.label.length));
  const valueWidth = Math.max(...rows.map((row) => row.value.length));
  console.log(`| ${'Measurement'.padEnd(width)} | ${'Result'.padEnd(valueWidth)} | Goal |`);
  console.log(`| ${'-'.repeat(width)} | ${'-'.repeat(valueWidth)} | ---- |`);
  for (const row of rows) console.log(`| ${row.label.padEnd(width)} | ${row.value.padEnd(valueWidth)} | ${row.goal} |`);
  if (failures.size > 0) log(`failures: ${JSON.stringify([...failures])}`);
}

await main();
