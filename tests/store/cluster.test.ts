import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { migrationsDirectory } from '../../server/store/postgres/migrate';
import { databasePerTest, endConnections } from './pg-test-database';

describe('nodes on one PostgreSQL database', () => {
  const { database, open } = databasePerTest();

  it('given three nodes starting at once on an empty database, then each starts and the schema is migrated once', async () => {
    const nodes = await Promise.all([open(), open(), open()]);
    expect(nodes.map((node) => node.kind)).toEqual(['postgres', 'postgres', 'postgres']);
    const migrations = await database.sql<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id');
    const shipped = (await readdir(migrationsDirectory()))
      .filter((file) => file.endsWith('.sql'))
      .map((file) => file.slice(0, -'.sql'.length))
      .sort();
    // Each once: no migration recorded twice, none missing.
    expect(migrations.map((row) => row.name)).toEqual(shipped);
  });

  it('given work under one name on two nodes, then it runs on one node at a time', async () => {
    const [nodeA, nodeB] = await Promise.all([open(), open()]);
    let running = 0;
    let most = 0;
    const work = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 200));
      running -= 1;
      return 'gedaan';
    };
    const results = await Promise.all([
      nodeA.cluster.exclusive('deploy', work),
      nodeB.cluster.exclusive('deploy', work),
      nodeA.cluster.exclusive('deploy', work),
    ]);
    expect(results).toEqual(['gedaan', 'gedaan', 'gedaan']);
    expect(most).toBe(1);
  });

  it('given work under a name, when it runs more work under the same name, then that runs at once instead of waiting on itself', async () => {
    const node = await open();
    const result = await node.cluster.exclusive('start-up', () =>
      node.cluster.exclusive('start-up', async () => 'binnen'),
    );
    expect(result).toBe('binnen');
  });

  it('given two nodes, then one leads a role, and when it stops the other takes the lead', async () => {
    const nodeA = await open();
    const nodeB = await open();
    expect(await nodeA.cluster.leads('meldingen')).toBe(true);
    expect(await nodeB.cluster.leads('meldingen')).toBe(false);
    expect(await nodeA.cluster.leads('meldingen')).toBe(true);
    // Another role is led on its own.
    expect(await nodeB.cluster.leads('digest')).toBe(true);
    await nodeA.close();
    // PostgreSQL releases the lock as the closed node's session ends.
    await expect.poll(() => nodeB.cluster.leads('meldingen'), { timeout: 5_000 }).toBe(true);
  });

  it('given the database drops every connection, then a node reloads what it may have missed, hears the others again, and the lead is taken anew', async () => {
    const nodeA = await open();
    const nodeB = await open();
    expect(await nodeA.cluster.leads('meldingen')).toBe(true);
    await endConnections(database);
    // The lead went with the connection; whichever node asks first takes it again.
    await expect
      .poll(async () => (await nodeB.cluster.leads('meldingen')) || (await nodeA.cluster.leads('meldingen')), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(
      [await nodeA.cluster.leads('meldingen'), await nodeB.cluster.leads('meldingen')].filter(Boolean),
    ).toHaveLength(1);
    const heard: string[] = [];
    nodeB.cluster.onChange((change) => heard.push(change.kind));
    // What was sent while it was away is lost: the node is told to load users, teams and diagrams again,
    await expect
      .poll(() => heard, { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['users', 'teams', 'definitions']));
    // and it hears the other nodes again.
    await expect
      .poll(
        async () => {
          await nodeA.cluster.publish({ kind: 'settings', name: 'testClockOffsetMs' });
          return heard.includes('settings');
        },
        { timeout: 15_000, interval: 300 },
      )
      .toBe(true);
  });
});
