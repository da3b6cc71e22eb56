import { usePageTitle } from '../page-title';

/** What someone without a beheer role sees at a /beheer address: a plain answer, not an empty page. */
export function AdminNoAccess() {
  usePageTitle('Beheer');
  return (
    <section>
      <h1>Beheer</h1>
      <p class="notice error">
        U heeft geen toegang tot beheer. Gebruikers en teams beheert de functioneel beheerder; het toegangslog leest ook
        de privacyfunctionaris.
      </p>
    </section>
  );
}
