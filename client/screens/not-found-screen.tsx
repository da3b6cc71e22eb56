import { Link, paths } from '../app/router';
import { usePageTitle } from '../components/page-title';

export function NotFoundScreen({ message }: { message?: string }) {
  usePageTitle('Niet gevonden');
  return (
    <section>
      <h1>Niet gevonden</h1>
      <p>{message ?? 'Deze pagina bestaat niet, of u mag haar niet zien.'}</p>
      <p>
        <Link href={paths.worklist()}>Terug naar de werkvoorraad</Link>
      </p>
    </section>
  );
}
