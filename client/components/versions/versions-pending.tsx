import { LoadFailed } from '../load-failed';
import type { Versions } from './use-definition-versions';

/** A process screen while its versions load, or when they could not be read: its heading and why. */
export function VersionsPending(props: { versions: Versions; heading: string; class: string; onRetry: () => void }) {
  if (props.versions.status === 'error') {
    return (
      <section class={props.class}>
        <h1>{props.heading}</h1>
        <LoadFailed message={`Het proces kon niet worden geladen. ${props.versions.message}`} onRetry={props.onRetry} />
      </section>
    );
  }
  return (
    <section class={props.class} aria-busy="true">
      <h1>{props.heading}</h1>
      <p role="status">Het proces wordt geladen…</p>
    </section>
  );
}
