import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { CaseDocument, QuarantinedFile } from '../store';
import { writeFileAtomically } from './durable-json-file';
import { ensureDirectory } from './files';

/**
 * Start-up recovery: a case file that cannot be read is set aside in quarantine/ so that every
 * other case serves, and what was set aside stays visible to a beheerder across restarts.
 */

/** Where an unreadable case file and its history log are, and where they go. */
export interface QuarantineTarget {
  dataDir: string;
  quarantineDir: string;
  caseId: string;
  caseFile: string;
  historyFile: string;
}

/**
 * Moves an unreadable case file (and its history log, which belongs with it) to quarantine/,
 * with a note of why, so that start-up goes on with every other case. Nothing is deleted: an
 * operator can repair the file and move it back.
 */
export function moveToQuarantine(target: QuarantineTarget, reason: string): QuarantinedFile {
  const { dataDir, quarantineDir, caseId, caseFile: source, historyFile: history } = target;
  const at = new Date().toISOString();
  const base = path.join(quarantineDir, `${caseId}.${at.replace(/[:.]/g, '-')}`);
  const entry: QuarantinedFile = {
    file: path.relative(dataDir, source),
    movedTo: path.relative(dataDir, `${base}.json`),
    reason,
    at,
  };
  try {
    ensureDirectory(quarantineDir);
    writeFileAtomically(`${base}.reason.json`, JSON.stringify(entry, null, 2));
    renameSync(source, `${base}.json`);
    if (existsSync(history)) renameSync(history, `${base}.history.jsonl`);
  } catch (error) {
    // It stays where it is and is tried again at the next start; this start goes on without it.
    console.error(`could not move the unreadable case file ${source} to quarantine`, error);
    entry.movedTo = entry.file;
  }
  console.error(
    `QUARANTINE: case file ${entry.file} cannot be read (${reason}); set aside as ${entry.movedTo}. Every other case serves normally.`,
  );
  return entry;
}

/** What start-ups set aside before, so a beheerder still sees it after a restart. */
export function readQuarantine(directory: string): QuarantinedFile[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  const entries: QuarantinedFile[] = [];
  for (const name of names.filter((candidate) => candidate.endsWith('.reason.json')).sort()) {
    try {
      entries.push(JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as QuarantinedFile);
    } catch (error) {
      console.error(`cannot read quarantine note ${name}`, error);
    }
  }
  return entries;
}

/** Why a parsed case file cannot be used, or undefined when it has the shape of a case document. */
export function caseDocumentProblem(value: unknown, caseId: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'geen casusdocument (geen object)';
  const document = value as Partial<Record<keyof CaseDocument, unknown>>;
  if (document.caseId !== caseId) return `het document hoort niet bij casus ${caseId}`;
  for (const key of ['instances', 'tasks', 'timers'] as const) {
    const part = document[key];
    if (typeof part !== 'object' || part === null || Array.isArray(part)) return `onderdeel "${key}" ontbreekt`;
  }
  if (!Array.isArray(document.pendingHistory)) return 'onderdeel "pendingHistory" ontbreekt';
  if (!Array.isArray(document.regionalGroups)) return 'onderdeel "regionalGroups" ontbreekt';
  if (typeof document.historySeq !== 'number') return 'onderdeel "historySeq" ontbreekt';
  if (typeof document.team !== 'string') return 'onderdeel "team" ontbreekt';
  if (document.incidents !== undefined && !Array.isArray(document.incidents))
    return 'onderdeel "incidents" is geen lijst';
  const records: Array<[string, Record<string, unknown>]> = [
    ['instances', document.instances as Record<string, unknown>],
    ['tasks', document.tasks as Record<string, unknown>],
    ['timers', document.timers as Record<string, unknown>],
    ['incidents', { ...((document.incidents as unknown[] | undefined) ?? []) }],
  ];
  for (const [part, entries] of records) {
    for (const [key, record] of Object.entries(entries)) {
      const problem = recordProblem(part, record);
      if (problem) return `onderdeel "${part}" bevat een onbruikbaar item (${key.slice(0, 40)}): ${problem}`;
    }
  }
  return undefined;
}

/**
 * What start-up reads of each record to rebuild its indexes and timers: a record without it (a
 * null left by a hand edit, a wrong type) would stop start-up as surely as a torn file.
 */
const RECORD_FIELDS: Record<string, { strings: string[]; arrays: string[] }> = {
  instances: { strings: ['id', 'definitionKey', 'state'], arrays: ['activeElementIds', 'childIds'] },
  tasks: { strings: ['id', 'instanceId', 'elementId', 'state'], arrays: ['candidateGroups'] },
  timers: { strings: ['id', 'instanceId', 'dueAt'], arrays: [] },
  incidents: { strings: ['id', 'instanceId', 'timerId', 'state'], arrays: [] },
};

function recordProblem(part: string, record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return 'geen object';
  const fields = RECORD_FIELDS[part]!;
  const values = record as Record<string, unknown>;
  for (const field of fields.strings) if (typeof values[field] !== 'string') return `"${field}" ontbreekt`;
  for (const field of fields.arrays) if (!Array.isArray(values[field])) return `"${field}" is geen lijst`;
  return undefined;
}
