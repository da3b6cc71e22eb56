import type {
  MigrationCheck,
  MigrationDryRunRequest,
  MigrationRequest,
  MigrationResult,
} from '../../../server/contract/api';
import { api } from '../../api/http';

/** The migration endpoints (process owners only; others get 403). */

function migrationsPath(key: string): string {
  return `/api/definitions/${encodeURIComponent(key)}/migrations`;
}

export function dryRun(key: string, request: MigrationDryRunRequest): Promise<MigrationCheck[]> {
  return api.post<MigrationCheck[]>(`${migrationsPath(key)}/dry-run`, request);
}

export function migrate(key: string, request: MigrationRequest): Promise<MigrationResult[]> {
  return api.post<MigrationResult[]>(migrationsPath(key), request);
}

/** Only the entries the owner chose: an empty choice means "same id", which the server assumes. */
export function chosenMapping(mapping: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const entries = Object.entries(mapping).filter(([, target]) => target !== '');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
