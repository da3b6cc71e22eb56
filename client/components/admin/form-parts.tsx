import type { ComponentChildren } from 'preact';
import type { ProblemItem } from '../../../server/contract/api';

/**
 * Small pieces the beheer and password forms share: the server's field problems by field name,
 * and a labelled field whose message sits right under it and is announced with it.
 */

/** The server's problems by field name (`/roles/0` and `roles` both belong to `roles`). */
export function problemsByField(problems: ProblemItem[] | undefined): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const problem of problems ?? []) {
    const field = (problem.path ?? '').replace(/^\//, '').split(/[./]/)[0] ?? '';
    if (field && !byField[field]) byField[field] = problem.message;
  }
  return byField;
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={`${id}-fout`} class="error-text">
      {message}
    </p>
  );
}

/** A label, the control (given the ids to point at) and its message. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  error: string | undefined;
  children: (aria: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const described = [props.hint ? `${props.id}-uitleg` : '', props.error ? `${props.id}-fout` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class="admin-field">
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p id={`${props.id}-uitleg`} class="hint">
          {props.hint}
        </p>
      )}
      {props.children({
        id: props.id,
        ...(props.error ? { 'aria-invalid': true as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
      })}
      <FieldError id={props.id} message={props.error} />
    </div>
  );
}

/** "04-12-2026 17:45", in the Netherlands' time, as the issue asks for last logins. */
export function formatStamp(value: string | undefined): string {
  if (!value) return '';
  const parts = new Intl.DateTimeFormat('nl-NL', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'Europe/Amsterdam',
  }).formatToParts(new Date(value));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('day')}-${part('month')}-${part('year')} ${part('hour')}:${part('minute')}`;
}
