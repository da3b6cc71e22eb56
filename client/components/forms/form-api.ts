import type { FormComparison, FormSummary, FormVersion } from '../../../server/contract/forms';
import { api } from '../../api/http';
import { paths } from '../../app/router';

/** The latest version of every form, sorted by key. */
export function fetchForms(): Promise<FormSummary[]> {
  return api.get<FormSummary[]>('/api/forms');
}

/** Every version of one form, oldest first, with the diagram versions that pin it. */
export function fetchFormVersions(key: string): Promise<FormVersion[]> {
  return api.get<FormVersion[]>(`/api/forms/${encodeURIComponent(key)}/versions`);
}

export function fetchFormComparison(key: string, from: number, to: number): Promise<FormComparison> {
  return api.get<FormComparison>(`/api/forms/${encodeURIComponent(key)}/compare?from=${from}&to=${to}`);
}

/**
 * The comparison's address, `/formulieren/:key?vergelijk=1-2`: bookmarkable, and always older-first
 * like the diagrams' comparison, so one pair of versions has one address.
 */
export function formCompareHref(key: string, a: number, b: number): string {
  return `${paths.form(key)}?vergelijk=${Math.min(a, b)}-${Math.max(a, b)}`;
}
