import type { JsonValue, Variables } from '../contract/api';
import { amsterdamDay } from '../decisions/days';

/**
 * Valid, realistic submissions for every form in processes/forms, keyed by what a step decides.
 * The demo seed uses them to bring cases to life, and the scenario tests use them to walk every
 * route, so both always submit what the forms really accept. Dates are relative to `today`.
 */

type Json = Record<string, JsonValue>;

export interface SampleBesluit {
  taakgebieden?: string[];
  verblijfNodig?: boolean;
  verblijfType?: string;
}

/** A calendar day `offset` days from `today`, as YYYY-MM-DD: the Dutch day, as the server's rules count days. */
export function day(today: Date, offset = 0): string {
  return amsterdamDay(new Date(today.getTime() + offset * 86_400_000));
}

export function samples(today: Date) {
  const on = (offset: number) => day(today, offset);
  const besluit = (options: SampleBesluit = {}): Json => ({
    taakgebieden: options.taakgebieden ?? ['slt'],
    verblijfNodig: options.verblijfNodig ?? false,
    ...(options.verblijfNodig ? { verblijfType: options.verblijfType ?? 'gezinshuis' } : {}),
    regieBij: 'Procesregisseur SLT Breda Noord',
    afspraken: [{ wat: 'Gezinsgesprek plannen', wie: 'Procesregisseur', wanneer: on(14) }],
    evaluatiedatum: on(91),
  });
  const deelnemers = (disciplines: string[], absent: string[] = []): Json[] =>
    disciplines.map((discipline, index) => ({
      naam: `Deelnemer ${index + 1}`,
      organisatie: `Organisatie ${discipline}`,
      discipline,
      aanwezig: !absent.includes(discipline),
    }));

  return {
    besluit,
    aanmelding: (
      jeugdige: { initialen: string; geboortedatum: string },
      options: { bron?: string; hulpvraag?: string; urgentie?: string } = {},
    ): Variables => ({
      bron: options.bron ?? 'huisarts',
      hulpvraag: options.hulpvraag ?? 'Zorgen over somberheid en schoolverzuim.',
      jeugdige,
      gemeente: 'Breda',
      urgentie: options.urgentie ?? 'regulier',
    }),
    vraagverkenning: (basis = 'ouders'): Variables => ({
      leefgebieden: ['gezin', 'school-werk'],
      eigenKracht: 'Moeder is betrokken en wil meewerken.',
      veiligheid: 'zorgen',
      toestemming: { basis },
      samenvatting: 'Spanningen thuis en op school; gezin staat open voor hulp.',
    }),
    triage: (
      urgentie: string,
      complexiteit: string,
      uitkomst: string,
      options: { uithuisplaatsingOverwogen?: boolean; domeinoverstijgend?: boolean } = {},
    ): Variables => ({
      urgentie,
      complexiteit,
      uithuisplaatsingOverwogen: options.uithuisplaatsingOverwogen ?? false,
      domeinoverstijgend: options.domeinoverstijgend ?? false,
      uitkomst,
    }),
    hulpInzettenSlt: (evaluatiedatum?: string): Variables => ({
      hulpInzet: 'Gezinscoach vanuit het SLT, wekelijks.',
      startdatum: on(3),
      ...(evaluatiedatum ? { evaluatiedatum } : {}),
    }),
    afsluitenAdvies: (): Variables => ({
      advies: 'Opvoedondersteuning via het consultatiebureau.',
      warmeOverdrachtAan: 'Sociaal wijkteam',
    }),
    overdrachtSociaalDomein: (): Variables => ({
      overdrachtAan: 'schuldhulp',
      toelichting: 'Schulden zijn de kern van de hulpvraag.',
    }),
    beschikkingAfgeven: (taakgebieden = ['specialistisch']): Variables => ({
      beschikkingsnummer: 'BS-2026-0412',
      taakgebieden,
      ingangsdatum: on(5),
      einddatum: on(370),
    }),
    startHulpBevestigen: (options: { startdatum?: string; evaluatiedatum?: string } = {}): Variables => ({
      aanbieder: 'Jeugdhulp Brabant',
      startdatum: options.startdatum ?? on(7),
      ...(options.evaluatiedatum ? { evaluatiedatum: options.evaluatiedatum } : {}),
    }),
    evaluatie: (
      evaluatieUitkomst: 'afsluiten' | 'doorgaan' | 'opschalen',
      volgendeEvaluatiedatum?: string,
    ): Variables => ({
      bevindingen: 'Doelen deels bereikt.',
      hulpPassend: evaluatieUitkomst !== 'opschalen',
      evaluatieUitkomst,
      ...(volgendeEvaluatiedatum ? { volgendeEvaluatiedatum } : {}),
    }),
    /** Planned for today unless told otherwise, so the chair can record the decision right away. */
    mdoVoorbereiden: (
      options: {
        mdoDatum?: string;
        disciplines?: string[];
        basis?: string;
        /** Why the youth and parents were not invited; without it they were. */
        nietUitgenodigd?: string;
        verblijfOverwogen?: boolean;
      } = {},
    ): Variables => ({
      mdoDatum: options.mdoDatum ?? on(0),
      deelnemers: deelnemers(options.disciplines ?? ['sociale-basis', 'specialistisch', 'verblijf-crisis']).map(
        ({ aanwezig: _aanwezig, ...invited }) => invited,
      ),
      jeugdigeEnOudersUitgenodigd: options.nietUitgenodigd === undefined,
      ...(options.nietUitgenodigd === undefined ? {} : { redenNietUitgenodigd: options.nietUitgenodigd }),
      verblijfOverwogen: options.verblijfOverwogen ?? false,
      toestemming: { basis: options.basis ?? 'ouders' },
    }),
    verklarendeAnalyse: (): Variables => ({
      analyse: 'De problemen thuis hangen samen met de schulden en de gezondheid van vader.',
      ambulantAlternatiefOnderzocht: true,
    }),
    /** The chair's record: a decision, unless `opnieuwPlannen`; `absent` disciplines were not there. */
    mdoBesluit: (
      options: {
        mdoDatum?: string;
        disciplines?: string[];
        absent?: string[];
        basis?: string;
        overeenstemming?: boolean;
        besluit?: SampleBesluit;
        opnieuwPlannen?: boolean;
      } = {},
    ): Variables => {
      const common = {
        mdoDatum: options.mdoDatum ?? on(0),
        deelnemers: deelnemers(
          options.disciplines ?? ['sociale-basis', 'specialistisch', 'verblijf-crisis'],
          options.absent,
        ),
        toestemming: { basis: options.basis ?? 'ouders' },
      };
      if (options.opnieuwPlannen) {
        return {
          ...common,
          mdoUitkomst: 'opnieuw-plannen',
          redenOpnieuwPlannen: 'Niet alle vereiste disciplines of toestemmingen waren er.',
        };
      }
      const overeenstemming = options.overeenstemming ?? true;
      return {
        ...common,
        mdoUitkomst: 'besluit',
        zorgen: 'Veiligheid thuis en schoolverzuim.',
        watGaatGoed: 'Goede band met oma.',
        doelen: 'Veilig thuis wonen en weer naar school.',
        afwegingskader: {
          veiligheid: 'Geen acuut gevaar.',
          ontwikkeling: 'Achterstand op school.',
          eigenKrachtEnNetwerk: 'Oma en buren helpen.',
          ambulantAlternatiefOnderzocht: true,
          passendheid: 'Specialistische ambulante hulp past.',
        },
        besluit: besluit(options.besluit),
        overeenstemming,
        ...(overeenstemming
          ? {}
          : {
              afwijkendeStandpunten: [{ wie: 'Aanbieder specialistische jeugdhulp', waarom: 'Acht verblijf nodig.' }],
            }),
      };
    },
    besluitDelen: (): Variables => ({
      gedeeldOp: on(1),
      wijze: 'gesprek',
      reactieJeugdigeEnOuders: 'Kunnen zich erin vinden.',
    }),
    escalatieNiveau: (opgelost: boolean, options: { besluit?: SampleBesluit } = {}): Variables => ({
      opgelost,
      motivatie: opgelost ? 'Partijen zijn het na overleg eens.' : 'Geen overeenstemming bereikt.',
      mandaat: 'Teamleider SLT',
      ...(opgelost ? { besluit: besluit(options.besluit) } : {}),
    }),
    doorzettingsmacht: (options: { verwijzing?: boolean; besluit?: SampleBesluit } = {}): Variables => ({
      verwijzingBovenregionaal: options.verwijzing ?? false,
      motivatie: 'Bindend besluit met doorzettingsmacht, in het belang van de jeugdige.',
      mandaat: 'Wethouder jeugd, doorzettingsmacht',
      ...(options.verwijzing ? {} : { besluit: besluit(options.besluit) }),
    }),
    bovenregionaal: (options: { besluit?: SampleBesluit } = {}): Variables => ({
      uitkomstBovenregionaal: 'Het Bovenregionaal Expertisenetwerk vond een passend aanbod.',
      motivatie: 'Zeer specialistische zorg nodig.',
      mandaat: 'Bovenregionaal Expertisenetwerk',
      besluit: besluit(options.besluit),
    }),
    crisisinterventie: (verblijfNodig: boolean): Variables => ({
      ingrijpen: 'Crisisdienst ter plaatse, situatie gestabiliseerd.',
      ambulanteSpoedhulp: 'Ambulante spoedhulp vijf dagen per week.',
      verblijfNodig,
    }),
    crisisnormOverschreden: (): Variables => ({
      oorzaak: 'Crisisdienst overbelast.',
      maatregelen: 'Extra inzet geregeld.',
    }),
    crisisplaatsing: (): Variables => ({
      crisisplek: { aanbieder: 'Crisisopvang West-Brabant', voorziening: 'Crisisgroep Breda', startdatum: on(0) },
      ambulanteSpoedhulpLoopt: true,
    }),
    ambulanteAlternatieven: (alternatiefGevonden: boolean): Variables => ({
      consultatie: 'Overlegd met de aanbieders van ambulante intensieve gezinsbehandeling.',
      alternatiefGevonden,
      ...(alternatiefGevonden ? { alternatief: 'Intensieve ambulante gezinsbehandeling.' } : {}),
    }),
    matchprofiel: (): Variables => ({
      verblijfsduur: 'langdurig',
      verblijfType: 'gezinshuis',
      gezinsvormEerst: true,
      school: 'De Vlonder, Breda',
      matchprofiel: 'Gezinshuis in de buurt van de huidige school.',
    }),
    passendePlekZoeken: (plekGevonden: boolean): Variables => ({
      zoekacties: 'Drie gezinshuizen benaderd.',
      plekGevonden,
      ...(plekGevonden
        ? {
            plek: {
              aanbieder: 'Gezinshuizen Brabant',
              voorziening: 'Gezinshuis De Linde',
              type: 'gezinshuis',
              startdatum: on(14),
            },
          }
        : {}),
    }),
    overbruggingszorg: (): Variables => ({
      overbrugging: 'Ambulante begeleiding thuis, drie dagdelen per week.',
      aanbieder: 'Jeugdhulp Brabant',
      startdatum: on(1),
    }),
    matchgesprek: (akkoord: boolean): Variables => ({
      verslag: 'Kennismaking met het gezinshuis.',
      akkoord,
      ...(akkoord ? {} : { redenNietAkkoord: 'Te ver van school.' }),
    }),
    plaatsingsbesluit: (): Variables => ({
      plaatsingsbesluit: 'Plaatsing in Gezinshuis De Linde.',
    }),
    beschikkingVerblijf: (): Variables => ({
      beschikkingsnummer: 'BV-2026-0077',
      ingangsdatum: on(14),
      einddatum: on(379),
    }),
    plaatsingStarten: (): Variables => ({ startdatum: on(14), aanbieder: 'Gezinshuizen Brabant' }),
    onderwijscontinuiteit: (): Variables => ({
      eigenSchool: true,
      school: 'De Vlonder, Breda',
      afspraken: 'Vervoer naar school geregeld.',
    }),
  };
}

export type Samples = ReturnType<typeof samples>;
