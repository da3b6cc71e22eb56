/**
 * What every screen shows when loading failed: the reason in words and a way to try again.
 * `alert` announces it at once (a screen that failed as a whole); `compact` is for a part of a
 * screen, next to content that still works.
 */
export function LoadFailed(props: { message: string; onRetry: () => void; alert?: boolean; compact?: boolean }) {
  const { message, onRetry, alert = true, compact = false } = props;
  return (
    <div class="notice error" role={alert ? 'alert' : undefined}>
      <p>{message}</p>
      <button type="button" class={compact ? 'secondary small' : undefined} onClick={onRetry}>
        Opnieuw proberen
      </button>
    </div>
  );
}
