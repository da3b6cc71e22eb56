import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { readConfig } from '../config';
import { copyLowdbToPostgres, type KindCheck } from '../store/postgres/copy-from-lowdb';

/**
 * `npm run migrate-store -- <dataDir>`: copies a lowdb data folder into the empty PostgreSQL
 * database of DATABASE_URL, then compares both per kind by count and SHA-256. Run it while the
 * server is stopped. Exit codes: 0 copied and identical, 1 a mismatch or a failure, 2 wrong usage
 * or a target that is not empty.
 */
async function main(args: string[]): Promise<number> {
  const [folder, ...rest] = args;
  if (!folder || rest.length > 0) {
    console.error('Usage: DATABASE_URL=postgres://… npm run migrate-store -- <data folder>');
    return 2;
  }
  const database = readConfig().database;
  if (!database) {
    console.error('migrate-store needs DATABASE_URL: the PostgreSQL database to copy into.');
    return 2;
  }
  const dataDir = path.resolve(folder);
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    console.error(`${dataDir} is not a data folder.`);
    return 2;
  }
  const result = await copyLowdbToPostgres(dataDir, database.url);
  if (!result.copied) {
    console.error(
      `The target database is not empty (data in: ${result.tables.join(', ')}); migrate-store copies only into an empty database.`,
    );
    return 2;
  }
  printTable(result.checks);
  console.log(`access log verify: data folder ${result.verify.source}, database ${result.verify.target}`);
  if (!result.ok) {
    console.error('MISMATCH: the database does not hold the same as the data folder. Do not switch to it.');
    return 1;
  }
  console.log(`Copied ${dataDir} into PostgreSQL; every kind has the same count and checksum.`);
  return 0;
}

function printTable(checks: KindCheck[]): void {
  const rows = [
    ['kind', 'folder', 'database', 'folder sha256', 'database sha256', ''],
    ...checks.map((check) => [
      check.kind,
      String(check.source.count),
      String(check.target.count),
      check.source.sha256.slice(0, 16),
      check.target.sha256.slice(0, 16),
      check.ok ? 'ok' : 'MISMATCH',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) =>
          column === 1 || column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
        )
        .join('  ')
        .trimEnd(),
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Casusregie migrate-store failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
