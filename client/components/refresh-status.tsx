import { formatDateTime } from './due-date';

/**
 * When a live screen last changed under the user. Announced politely: a screen-reader user learns
 * that the page changed under them. Empty until the first change after the first read.
 */
export function RefreshStatus({ refreshedAt, class: className }: { refreshedAt: Date | undefined; class: string }) {
  return (
    <p class={`${className} muted`} role="status">
      {refreshedAt ? `Bijgewerkt om ${formatDateTime(refreshedAt)}` : ''}
    </p>
  );
}

/** That a re-read failed, beside the older data still on screen; `stale` says what that means. */
export function RefreshFailed({ error, stale }: { error: string | undefined; stale: string }) {
  if (!error) return null;
  return (
    <p class="notice error" role="alert">
      Bijwerken lukte niet: {error} {stale}
    </p>
  );
}
