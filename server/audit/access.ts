import type { AccessLog } from '../store/store';
import type { Clock } from '../time/clock';
import { currentOrigin, type RequestOrigin } from './request-context';

/** Far beyond any real resource (ids are at most 200 characters). */
const MAX_RESOURCE_LENGTH = 500;

export interface AccessOf {
  userId: string;
  resource: string;
  caseId?: string | undefined;
  action?: 'read' | 'refused';
}

/**
 * Logs one read (or refused attempt) of case data, at the server clock's time (the test clock in
 * tests), from the origin of the request being handled unless another is given (a push to a
 * socket happens during someone else's request). Rejects with a StorageUnavailableError when the
 * entry cannot be written: the caller must await it and then must not show the data. Async even
 * when the store throws at once (lowdb), so every caller meets a failure the same way.
 */
export async function logAccess(
  log: AccessLog,
  clock: Clock,
  access: AccessOf,
  from: RequestOrigin = currentOrigin(),
): Promise<void> {
  await log.record({
    at: clock.now().toISOString(),
    userId: access.userId,
    action: access.action ?? 'read',
    // A resource can name what a client asked for: bounded, so no request can bloat the log.
    resource: access.resource.slice(0, MAX_RESOURCE_LENGTH),
    ...(access.caseId === undefined ? {} : { caseId: access.caseId }),
    ...from,
  });
}
