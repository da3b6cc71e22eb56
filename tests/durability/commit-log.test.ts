import { createHash } from 'node:crypto';
import fs, {
  appendFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbCaseStore } from '../../server/store/lowdb/case-store';
import { StorageUnavailableError } from '../../server/store/storage-error';
import { RouteDriver, USER_FOR_GROUP } from '../processes/support/route';
import { emptyCase, writtenBehind } from '../support/case-documents';

/**
 * lowdb's commit log (server/store/lowdb/commit-log.ts): a commit is durable once its document is
 * synced in the log, and the case file catches up at start-up when a crash left it behind.
 */
const caseFile = (dataDir: string, caseId: string) => {
  const shard = createHash('sha1').update(caseId).digest('hex').slice(0, 2);
  return path.join(dataDir, 'cases', shard, `${caseId}.json`);
};

const newCase = (caseId: string, note: string) => emptyCase(caseId, { regionalGroups: [note] });

/**
 * Runs `work` with fs.fdatasyncSync replaced by `replacement` (the store's own named import
 * follows, through syncBuiltinESMExports), and puts the real one back after.
 */
async function withFdatasync<T>(replacement: (descriptor: number) => void, work: () => Promise<T>): Promise<T> {
  const real = fs.fdatasyncSync;
  fs.fdatasyncSync = replacement;
  syncBuiltinESMExports();
  try {
    return await work();
  } finally {
    fs.fdatasyncSync = real;
    syncBuiltinESMExports();
  }
}

const logFiles = (dataDir: string) =>
  existsSync(path.join(dataDir, 'commit-log')) ? readdirSync(path.join(dataDir, 'commit-log')) : [];

describe('the lowdb commit log', () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-commit-log-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('brings a case file that a crash left behind or torn up to its last commit, and a new one back', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const behind = newCase('C-behind', 'first');
    await store.commit(behind, []);
    const before = readFileSync(caseFile(dir, 'C-behind'), 'utf8');
    behind.regionalGroups = ['second'];
    await store.commit(behind, []);
    const torn = newCase('C-torn', 'only');
    await store.commit(torn, []);
    const lost = newCase('C-lost', 'only');
    await store.commit(lost, []);
    // A crash (no close): the files are as the page cache had them; make them what a lost
    // write-back would leave.
    writeFileSync(caseFile(dir, 'C-behind'), before);
    truncateSync(caseFile(dir, 'C-torn'), 10);
    rmSync(caseFile(dir, 'C-lost'));
    expect(logFiles(dir)).toHaveLength(1);

    const reopened = new LowdbCaseStore(dir);
    expect((await reopened.load('C-behind'))?.regionalGroups).toEqual(['second']);
    expect((await reopened.load('C-behind'))?.revision).toBe(2);
    expect((await reopened.load('C-torn'))?.regionalGroups).toEqual(['only']);
    expect((await reopened.load('C-lost'))?.caseId).toBe('C-lost');
    // Replayed and synced: the old segments are gone.
    expect(logFiles(dir)).toEqual([]);
    await reopened.close();
  });

  it('ignores a torn entry at the end of the log: that commit was never acknowledged', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const document = newCase('C-1', 'acknowledged');
    await store.commit(document, []);
    const [segment] = logFiles(dir);
    const file = path.join(dir, 'commit-log', segment!);
    // A second entry whose header promises more than was written, in the zeros after the first.
    const log = readFileSync(file);
    let end = 0;
    while (end < log.length && log.readUInt32LE(end) !== 0) end += 8 + log.readUInt32LE(end);
    const header = Buffer.alloc(8);
    header.writeUInt32LE(500, 0);
    header.writeUInt32LE(1234, 4);
    const damaged = Buffer.concat([log.subarray(0, end), header, Buffer.from('{"caseId":"C-1","revision":9')]);
    writeFileSync(file, damaged);
    appendFileSync(file, Buffer.alloc(1024));

    const reopened = new LowdbCaseStore(dir);
    const loaded = await reopened.load('C-1');
    expect(loaded?.revision).toBe(1);
    expect(loaded?.regionalGroups).toEqual(['acknowledged']);
    await reopened.close();
  });

  it('empties the log at close, with every case file as committed', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    for (let index = 0; index < 5; index++) await store.commit(newCase(`C-${index}`, 'x'), []);
    expect(logFiles(dir)).toHaveLength(1);
    await store.close();
    expect(logFiles(dir)).toEqual([]);
    for (let index = 0; index < 5; index++) {
      expect(JSON.parse(readFileSync(caseFile(dir, `C-${index}`), 'utf8')).revision).toBe(1);
    }
  });

  it('makes the next segment ahead of need, and replays both after a crash', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    // 100 kB documents: a 4 MB segment is half full after about 21 commits.
    const big = (caseId: string, note: string) => ({ ...newCase(caseId, note), team: 'x'.repeat(100_000) });
    let commits = 0;
    while (logFiles(dir).length < 2) {
      await store.commit(big(`C-${commits}`, 'first'), []);
      commits++;
      expect(commits).toBeLessThan(40);
      // The spare is made in the background, between actions.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [first, spare] = logFiles(dir).sort();
    expect(commits).toBeGreaterThan(15);
    // The commit that does not fit the first segment any more goes on in the spare.
    for (let index = commits; index < 45; index++) await store.commit(big(`C-${index}`, 'first'), []);
    expect(readFileSync(path.join(dir, 'commit-log', spare!)).readUInt32LE(0)).toBeGreaterThan(100_000);
    expect(logFiles(dir)).not.toContain(`${String(Number.parseInt(spare!, 10) + 1).padStart(12, '0')}.log`);
    // A crash: the last case file is lost, yet its commit is in the spare segment.
    const last = big('C-44', 'second');
    last.revision = 1;
    await store.commit(last, []);
    rmSync(caseFile(dir, 'C-44'));
    const reopened = new LowdbCaseStore(dir);
    expect((await reopened.load('C-44'))?.regionalGroups).toEqual(['second']);
    expect((await reopened.load('C-0'))?.regionalGroups).toEqual(['first']);
    expect(logFiles(dir)).not.toContain(first);
    await reopened.close();
  });

  it('overwrites a case file in place when it fits: same inode, whole 4 KiB blocks, a newer mtime each time', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const document = newCase('C-inplace', 'first');
    await store.commit(document, []);
    const first = statSync(caseFile(dir, 'C-inplace'));
    expect(first.size % 4096).toBe(0);
    const mtimes = [first.mtimeMs];
    for (let index = 0; index < 5; index++) {
      document.regionalGroups = [`change ${index}`];
      await store.commit(document, []);
      await writtenBehind();
      const now = statSync(caseFile(dir, 'C-inplace'));
      expect(now.ino).toBe(first.ino);
      expect(now.size).toBe(first.size);
      mtimes.push(now.mtimeMs);
    }
    // Commits within one clock tick of the file system still give the file a new identity.
    for (let index = 1; index < mtimes.length; index++) expect(mtimes[index]).toBeGreaterThan(mtimes[index - 1]!);
    // The spaces after the JSON read as nothing.
    expect((await store.load('C-inplace'))?.regionalGroups).toEqual(['change 4']);
    expect(JSON.parse(readFileSync(caseFile(dir, 'C-inplace'), 'utf8')).revision).toBe(6);
    // A document that outgrows its file is written whole again, with room.
    document.regionalGroups = ['y'.repeat(10_000)];
    await store.commit(document, []);
    const grown = statSync(caseFile(dir, 'C-inplace'));
    expect(grown.ino).not.toBe(first.ino);
    expect(grown.size % 4096).toBe(0);
    expect(grown.size).toBeGreaterThan(10_000);
    await store.close();
  });

  it('answers a commit before the case file is written behind it: a read sees the commit, a crash loses nothing', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const document = newCase('C-behind', 'first');
    await store.commit(document, []);
    document.regionalGroups = ['second'];
    await store.commit(document, [
      {
        seq: ++document.historySeq,
        instanceId: 'i-1',
        at: '2026-12-01T10:00:00.000Z',
        actor: 'slt',
        type: 'task.claimed',
      },
    ]);
    // Answered, and the file not written yet: what the disk holds now is what a crash would leave.
    expect(JSON.parse(readFileSync(caseFile(dir, 'C-behind'), 'utf8')).regionalGroups).toEqual(['first']);
    const crashed = await dataDir();
    cpSync(dir, crashed, { recursive: true });
    // This run reads the commit all the same: the write behind is done first.
    expect((await store.load('C-behind'))?.regionalGroups).toEqual(['second']);
    expect((await store.readHistory('C-behind')).map((entry) => entry.type)).toEqual(['task.claimed']);
    await store.close();
    // After the crash, the log brings the file up to the commit, and its history with it.
    const reopened = new LowdbCaseStore(crashed);
    expect((await reopened.load('C-behind'))?.regionalGroups).toEqual(['second']);
    expect((await reopened.readHistory('C-behind')).map((entry) => entry.type)).toEqual(['task.claimed']);
    await reopened.close();
  });

  it('lets commits that overlap share one sync of the log, and brings every one back after a crash', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const documents = Array.from({ length: 8 }, (_, index) => newCase(`C-group-${index}`, 'first'));
    for (const document of documents) await store.commit(document, []);
    await writtenBehind();
    for (const document of documents) document.regionalGroups = ['second'];
    // Eight users' actions arriving together: each writes its entry, and one sync makes all durable.
    let syncs = 0;
    const real = fs.fdatasyncSync;
    await withFdatasync(
      (descriptor) => {
        syncs++;
        real(descriptor);
      },
      () => Promise.all(documents.map((document) => store.commit(document, []))),
    );
    expect(syncs).toBe(1);
    // Answered, the files not written yet: what the disk holds now is what a crash would leave.
    const crashed = await dataDir();
    cpSync(dir, crashed, { recursive: true });
    await store.close();
    const reopened = new LowdbCaseStore(crashed);
    for (const document of documents) {
      const loaded = await reopened.load(document.caseId);
      expect([loaded?.revision, loaded?.regionalGroups]).toEqual([2, ['second']]);
    }
    await reopened.close();
  });

  it('refuses every commit whose sync of the log failed, keeps none of them, and commits again after', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const documents = Array.from({ length: 3 }, (_, index) => newCase(`C-refused-${index}`, 'first'));
    for (const document of documents) await store.commit(document, []);
    await writtenBehind();
    for (const document of documents) document.regionalGroups = ['second'];
    const results = await withFdatasync(
      () => {
        throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      },
      () => Promise.allSettled(documents.map((document) => store.commit(document, []))),
    );
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StorageUnavailableError);
    }
    // Each document is back at the revision that is stored, and the store answers what it holds.
    expect(documents.map((document) => document.revision)).toEqual([1, 1, 1]);
    for (const document of documents) {
      expect((await store.load(document.caseId))?.regionalGroups).toEqual(['first']);
    }
    // The disk is well again: the next commit is durable, in a segment of its own.
    documents[0]!.regionalGroups = ['third'];
    await store.commit(documents[0]!, []);
    const crashed = await dataDir();
    cpSync(dir, crashed, { recursive: true });
    await store.close();
    const reopened = new LowdbCaseStore(crashed);
    const loaded = await Promise.all(documents.map((document) => reopened.load(document.caseId)));
    expect(loaded.map((document) => [document?.revision, document?.regionalGroups])).toEqual([
      [2, ['third']],
      [1, ['first']],
      [1, ['first']],
    ]);
    await reopened.close();
  });

  it('never shows an action whose sync failed: a read of the case in the meantime waits for the outcome', async () => {
    const route = await RouteDriver.open();
    try {
      const s = await route.samples();
      const run = await route.start('toeleiding', s.aanmelding({ initialen: 'R.S.', geboortedatum: '2012-04-03' }));
      const [task] = await run.openTasks();
      const worker = route.as(USER_FOR_GROUP[task!.candidateGroups[0]!]!);
      const work = route.server.app.cases.work;
      let read: Promise<string> | undefined;
      const claim = await withFdatasync(
        () => {
          // The claim is in the commit log and waits for this sync: a read of the case comes now.
          read ??= work.readDocument(run.caseId, (document) => document.tasks[task!.id]?.assignee ?? 'niemand');
          throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
        },
        () => worker.request('POST', `/api/tasks/${task!.id}/claim`),
      );
      expect(claim.status).toBe(503);
      expect(read).toBeDefined();
      expect(await read).toBe('niemand');
      // The disk is well again: the same claim is stored and shown.
      expect((await worker.request('POST', `/api/tasks/${task!.id}/claim`)).status).toBe(200);
      expect(await work.readDocument(run.caseId, (document) => document.tasks[task!.id]?.assignee)).toBe(
        USER_FOR_GROUP[task!.candidateGroups[0]!],
      );
    } finally {
      await route.close();
    }
  });

  it('brings back a case file torn by a crash during an overwrite in place, also when it still reads as the new revision', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const document = newCase('C-torn-in-place', 'first');
    await store.commit(document, []);
    const old = readFileSync(caseFile(dir, 'C-torn-in-place'), 'utf8');
    document.regionalGroups = ['second'];
    await store.commit(document, []);
    await writtenBehind();
    // A crash tore the overwrite: the revision at the start of the file reached the disk, the
    // part that holds the change did not. Valid JSON, revision 2, the content of revision 1.
    writeFileSync(caseFile(dir, 'C-torn-in-place'), old.replace('"revision":1', '"revision":2'));
    expect(JSON.parse(readFileSync(caseFile(dir, 'C-torn-in-place'), 'utf8')).regionalGroups).toEqual(['first']);

    const reopened = new LowdbCaseStore(dir);
    const loaded = await reopened.load('C-torn-in-place');
    expect(loaded?.revision).toBe(2);
    expect(loaded?.regionalGroups).toEqual(['second']);
    await reopened.close();
  });

  it('reads a case of the log in full at start-up, though its index line names the file as it is', async () => {
    const dir = await dataDir();
    const store = new LowdbCaseStore(dir);
    const document = newCase('C-index', 'first');
    await store.commit(document, []);
    const indexFile = path.join(dir, 'cases', 'index.jsonl');
    const lineOfFirst = readFileSync(indexFile, 'utf8');
    document.regionalGroups = ['second'];
    await store.commit(document, []);
    await writtenBehind();
    // A crash after the overwrite: its data reached the disk, while the index line of the commit
    // (never synced) did not, and the file's mtime (not synced before the log's checkpoint) is
    // the one that line names. So the index file names the file as it is, with the old entry.
    const { ino, size, mtimeMs } = statSync(caseFile(dir, 'C-index'));
    const line = JSON.parse(lineOfFirst) as Record<string, unknown>;
    writeFileSync(indexFile, `${JSON.stringify({ ...line, ino, size, mtimeMs })}\n`);

    const reopened = new LowdbCaseStore(dir);
    const entries = [];
    for await (const entry of reopened.indexEntries()) entries.push(entry);
    expect(entries.map((entry) => [entry.caseId, entry.revision, entry.regionalGroups])).toEqual([
      ['C-index', 2, ['second']],
    ]);
    await reopened.close();
  });
});
