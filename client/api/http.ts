import type { Problem } from '../../server/contract/api';

/**
 * The REST contract over fetch: JSON in and out, the CSRF token on every change, and problem
 * details turned into an ApiError whose messages are already Dutch and meant for the user.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  /** The message for one field (`variables.x.y`), if the server named it. */
  fieldMessage(path: string): string | undefined {
    return this.problem.problems?.find((item) => item.path === path)?.message;
  }
}

let csrfToken = '';

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** For the few requests that are not JSON (deploying BPMN XML) and so cannot go through `request`. */
export function currentCsrfToken(): string {
  return csrfToken;
}

/** Called when any request finds the session gone, so the app can show the login again. */
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, {
      type: 'about:blank',
      title: 'Geen verbinding',
      status: 0,
      detail: 'De server is niet bereikbaar. Probeer het zo opnieuw.',
    });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = isProblem(data)
      ? data
      : { type: 'about:blank', title: response.statusText || 'Fout', status: response.status };
    if (response.status === 401 && url !== '/api/session') onUnauthorized();
    throw new ApiError(response.status, problem);
  }
  return data as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body: unknown = {}) => request<T>('POST', url, body),
  put: <T>(url: string, body: unknown = {}) => request<T>('PUT', url, body),
  delete: <T>(url: string) => request<T>('DELETE', url),
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).title === 'string';
}

/** The Dutch message to show for any error. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title;
  return 'Er ging iets mis. Probeer het opnieuw.';
}
