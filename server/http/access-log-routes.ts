import { once } from 'node:events';
import { CSV_BOM, CSV_HEADER, csvRow, csvRowOf } from '../audit/csv';
import { calendarDate, parseBound } from '../audit/period';
import { ACCESS_LOG_DEFAULT_LIMIT, ACCESS_LOG_MAX_LIMIT, type AccessLogPage } from '../contract/admin';
import type { AccessLog, AccessLogFilter, AccessLogRecord } from '../store/store';
import type { Clock } from '../time/clock';
import type { Handlers } from './api-routes';
import { badRequest } from './problem';

export interface AccessLogRouteDeps {
  accessLog: AccessLog;
  clock: Clock;
}

type AccessLogHandlers = Pick<Handlers, 'searchAccessLog' | 'exportAccessLog' | 'verifyAccessLog'>;

/** An export is written in pieces of about this size, so a large log costs few writes and little memory. */
const EXPORT_BATCH_CHARS = 64 * 1024;

/** The access log for the privacy officer and the beheerder: search, CSV export, chain check. */
export function accessLogHandlers(deps: AccessLogRouteDeps): AccessLogHandlers {
  return {
    searchAccessLog: async ({ query }, _request, response) => {
      const filter = filterOf(query);
      const limit = query.limit === undefined ? ACCESS_LOG_DEFAULT_LIMIT : Number(query.limit);
      if (limit < 1 || limit > ACCESS_LOG_MAX_LIMIT) {
        const message = `Geef een aantal van 1 tot en met ${ACCESS_LOG_MAX_LIMIT}.`;
        throw badRequest(message, [{ path: 'limit', code: 'limit', message }]);
      }
      const items: AccessLogRecord[] = [];
      let lastCursor: string | undefined;
      let nextCursor: string | undefined;
      // One match beyond the page tells whether there is a next one, so the last page has no cursor.
      for await (const { record, cursor } of deps.accessLog.search(filter, query.cursor)) {
        if (items.length === limit) {
          nextCursor = lastCursor;
          break;
        }
        items.push(record);
        lastCursor = cursor;
      }
      response.json({ items, ...(nextCursor === undefined ? {} : { nextCursor }) } satisfies AccessLogPage);
    },
    exportAccessLog: async ({ query }, _request, response) => {
      const filter = filterOf(query);
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader(
        'Content-Disposition',
        `attachment; filename="toegangslog-${calendarDate(deps.clock.now())}.csv"`,
      );
      let batch = CSV_BOM + csvRow(CSV_HEADER);
      const flush = async () => {
        if (!response.write(batch)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
        batch = '';
      };
      for await (const { record } of deps.accessLog.search(filter)) {
        if (response.destroyed) return;
        batch += csvRowOf(record);
        if (batch.length >= EXPORT_BATCH_CHARS) await flush();
      }
      response.end(batch);
    },
    verifyAccessLog: async (_input, _request, response) => {
      response.json(await deps.accessLog.verify());
    },
  };
}

/** The search's filter; a bad `from` or `to` is a 400 that names it. */
function filterOf(query: { caseId?: string; userId?: string; from?: string; to?: string }): AccessLogFilter {
  const bound = (name: 'from' | 'to') => {
    const text = query[name];
    if (text === undefined) return undefined;
    const value = parseBound(text, name);
    if (value === undefined) {
      throw badRequest(`"${text}" is geen datum of tijdstip.`, [
        {
          path: name,
          code: 'date',
          message: 'Geef een datum (jjjj-mm-dd) of een tijdstip (bijvoorbeeld 2026-12-04T09:30:00Z).',
        },
      ]);
    }
    return value;
  };
  const from = bound('from');
  const to = bound('to');
  if (from !== undefined && to !== undefined && from > to) {
    throw badRequest('De periode begint na haar einde.', [
      { path: 'from', code: 'period', message: 'Kies een begin dat vóór het einde ligt.' },
    ]);
  }
  return {
    ...(query.caseId === undefined ? {} : { caseId: query.caseId }),
    ...(query.userId === undefined ? {} : { userId: query.userId }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
}
