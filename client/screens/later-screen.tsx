import type { Route } from '../app/router';
import { Link, paths } from '../app/router';
import { usePageTitle } from '../components/page-title';

/**
 * The diagram views (a case live on its diagram, the process overview, the modeler) have their
 * addresses already, so links to them keep working; the screens themselves are not built yet.
 */
export function LaterScreen({ route }: { route: Route }) {
  const title = route.name === 'instance' ? 'Procesinstantie' : route.name === 'modeler' ? 'Proces bewerken' : 'Processen';
  usePageTitle(title);
  return (
    <section>
      <h1>{title}</h1>
      <p>Deze weergave is nog niet beschikbaar. De werkvoorraad, taken en casussen werken wel.</p>
      <p>
        <Link href={paths.worklist()}>Naar de werkvoorraad</Link>
      </p>
    </section>
  );
}
