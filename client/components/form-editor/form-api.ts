import type { FormSaved, FormSchema, FormSummary, Problem, ProblemItem } from '../../../server/contract/api';
import { api, currentCsrfToken } from '../../api/http';
import { currentSession } from '../../app/session';

/** The REST calls of the form editor (../shared/API.md, section Forms). */

export type { FormSummary };

export function listForms(): Promise<FormSummary[]> {
  return api.get<FormSummary[]>('/api/forms');
}

export function loadForm(key: string): Promise<FormSchema> {
  return api.get<FormSchema>(`/api/forms/${encodeURIComponent(key)}`);
}

export type SaveOutcome =
  /** 201: a new version. */
  | { kind: 'created'; key: string; version: number }
  /** 200: the same schema as the latest version; nothing new stored. */
  | { kind: 'unchanged'; key: string; version: number }
  /** 422: the form breaks a rule; each problem names the component. */
  | { kind: 'refused'; detail: string; problems: ProblemItem[] }
  /** 403: not a process owner (any more). */
  | { kind: 'forbidden' }
  /** Anything else: no connection, session gone, a note too long. */
  | { kind: 'failed'; detail: string };

export const MAX_NOTE_LENGTH = 500;

export async function saveForm(schema: FormSchema, note: string): Promise<SaveOutcome> {
  const first = await post(schema, note);
  if (first.status !== 403) return interpret(first);
  // A stale CSRF token (the session was renewed in another tab) also answers 403: fetching the
  // session refreshes it, and a process owner gets one more try.
  const user = await currentSession();
  if (!user?.roles.includes('proceseigenaar')) return { kind: 'forbidden' };
  return interpret(await post(schema, note));
}

interface Answer {
  status: number;
  body: unknown;
}

async function post(schema: FormSchema, note: string): Promise<Answer> {
  const trimmed = note.trim();
  const url = trimmed ? `/api/forms?note=${encodeURIComponent(trimmed)}` : '/api/forms';
  try {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': currentCsrfToken() },
      body: JSON.stringify(schema),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  } catch {
    return { status: 0, body: undefined };
  }
}

function interpret({ status, body }: Answer): SaveOutcome {
  if ((status === 201 || status === 200) && isSaveResult(body))
    return { kind: status === 201 ? 'created' : 'unchanged', key: body.key, version: body.version };
  if (status === 403) return { kind: 'forbidden' };
  const problem = isProblem(body) ? body : undefined;
  const detail =
    problem?.detail ??
    problem?.title ??
    (status === 0 ? 'De server is niet bereikbaar. Probeer het zo opnieuw.' : 'Opslaan is mislukt.');
  if (status === 422) return { kind: 'refused', detail, problems: problem?.problems ?? [] };
  return { kind: 'failed', detail };
}

function isSaveResult(value: unknown): value is FormSaved {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { key?: unknown }).key === 'string' &&
    typeof (value as { version?: unknown }).version === 'number'
  );
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).title === 'string';
}
