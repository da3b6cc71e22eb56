/**
 * A due date, with "te laat" in words and an icon when it has passed: overdue must not rely on
 * colour alone (WCAG 1.4.1).
 */
export function DueDate({ dueAt, now = Date.now() }: { dueAt?: string | undefined; now?: number }) {
  if (!dueAt) return <span class="due none">geen termijn</span>;
  const due = new Date(dueAt);
  const overdue = due.getTime() < now;
  const text = formatDateTime(due);
  return overdue ? (
    <span class="due overdue">
      <span aria-hidden="true">⚠ </span>
      <strong>Te laat</strong> · {text}
    </span>
  ) : (
    <span class="due">{text}</span>
  );
}

export function formatDateTime(date: Date): string {
  return date.toLocaleString('nl-NL', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Amsterdam',
  });
}

export function formatDate(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return date.toLocaleDateString('nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Amsterdam',
  });
}
