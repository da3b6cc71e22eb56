import type { DeployResult, Problem, ProblemItem } from '../../../server/contract/api';
import { currentCsrfToken } from '../../api/http';
import { currentSession } from '../../app/session';

/**
 * `POST /api/definitions` with the diagram as `application/xml` (the JSON helper of api/http.ts
 * cannot send XML), and its answers as the outcomes the screen tells apart.
 */

export type DeployOutcome =
  /** 201: a new version. */
  | { kind: 'created'; result: DeployResult }
  /** 200: the same XML as the latest version; nothing deployed. */
  | { kind: 'unchanged'; result: DeployResult }
  /** 422: the diagram breaks a rule; every problem names its element where it has one. */
  | { kind: 'refused'; detail: string; problems: ProblemItem[] }
  /** 403: not a process owner (any more). */
  | { kind: 'forbidden' }
  /** Anything else: no connection, session gone, a note too long, a diagram too large. */
  | { kind: 'failed'; detail: string; problems: ProblemItem[] };

export const MAX_NOTE_LENGTH = 500;

export async function deployDiagram(xml: string, note: string): Promise<DeployOutcome> {
  const first = await post(xml, note);
  if (first.status !== 403) return interpret(first);
  // A 403 means either no proceseigenaar or a stale CSRF token (the session was renewed in another
  // tab). Fetching the session refreshes the token; a process owner then gets one more try.
  const user = await currentSession();
  if (!user?.roles.includes('proceseigenaar')) return { kind: 'forbidden' };
  return interpret(await post(xml, note));
}

interface Answer {
  status: number;
  body: unknown;
}

async function post(xml: string, note: string): Promise<Answer> {
  const trimmed = note.trim();
  const url = trimmed ? `/api/definitions?note=${encodeURIComponent(trimmed)}` : '/api/definitions';
  try {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/xml', accept: 'application/json', 'x-csrf-token': currentCsrfToken() },
      body: xml,
    });
    return { status: response.status, body: await readJson(response) };
  } catch {
    return { status: 0, body: undefined };
  }
}

function interpret({ status, body }: Answer): DeployOutcome {
  if (status === 201 && isDeployResult(body)) return { kind: 'created', result: body };
  if (status === 200 && isDeployResult(body)) return { kind: 'unchanged', result: body };
  if (status === 403) return { kind: 'forbidden' };
  const problem = isProblem(body) ? body : undefined;
  const problems = problem?.problems ?? [];
  const detail = problem?.detail ?? problem?.title;
  switch (status) {
    case 0:
      return {
        kind: 'failed',
        detail: 'De server is niet bereikbaar. Uw wijzigingen staan nog in de editor; probeer het zo opnieuw.',
        problems,
      };
    case 422:
      return { kind: 'refused', detail: detail ?? 'Het diagram kan niet worden uitgerold.', problems };
    case 401:
      return {
        kind: 'failed',
        detail:
          'Uw sessie is verlopen. Log in een ander tabblad opnieuw in en probeer het dan hier opnieuw: uw wijzigingen blijven in de editor staan.',
        problems,
      };
    case 413:
      return { kind: 'failed', detail: 'Het diagram is te groot om uit te rollen (meer dan 5 MB).', problems };
    default:
      return {
        kind: 'failed',
        detail: detail ?? `Uitrollen is mislukt (status ${status}). Probeer het opnieuw.`,
        problems,
      };
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
  } catch {
    return undefined;
  }
}

function isDeployResult(value: unknown): value is DeployResult {
  const result = value as Partial<DeployResult> | null;
  return (
    typeof result === 'object' &&
    result !== null &&
    typeof result.version === 'number' &&
    Array.isArray(result.warnings)
  );
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).title === 'string';
}
