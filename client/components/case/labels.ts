import type { InstanceState } from '../../../server/contract/api';

/**
 * Dutch words for what the case page shows: field names and coded values as the forms in
 * processes/forms collect them, decision kinds and states. Forms may grow fields the client does
 * not know yet; those fall back to a humanised key, so nothing is ever hidden or shown as code.
 */

/** Labels for the fields of a record (shorter than the forms' questions: this is read, not asked). */
export const FIELD_LABELS: Record<string, string> = {
  bron: 'Aangemeld door',
  hulpvraag: 'Hulpvraag',
  jeugdige: 'Jeugdige',
  initialen: 'Initialen',
  geboortedatum: 'Geboortedatum',
  gemeente: 'Gemeente',
  urgentie: 'Urgentie',
  complexiteit: 'Complexiteit',
  uithuisplaatsingOverwogen: 'Uithuisplaatsing overwogen',
  domeinoverstijgend: 'Domeinoverstijgend (Wmo, Participatie, schuldhulp)',
  uitkomst: 'Uitkomst',
  leefgebieden: 'Leefgebieden',
  eigenKracht: 'Eigen kracht',
  netwerk: 'Netwerk',
  veiligheid: 'Veiligheid',
  samenvatting: 'Samenvatting',
  reden: 'Reden',
  mdoDatum: 'MDO-datum',
  deelnemers: 'Deelnemers',
  vereisteDisciplines: 'Vereiste disciplines',
  naam: 'Naam',
  organisatie: 'Organisatie',
  discipline: 'Discipline',
  aanwezig: 'Aanwezig',
  jeugdigeEnOudersUitgenodigd: 'Jeugdige en ouders uitgenodigd',
  toestemming: 'Toestemming',
  basis: 'Toestemming van',
  mdoUitkomst: 'Uitkomst van het MDO',
  redenOpnieuwPlannen: 'Waarom opnieuw plannen',
  zorgen: 'Zorgen en vragen',
  watGaatGoed: 'Wat gaat goed',
  doelen: 'Doelen',
  afwegingskader: 'Afwegingskader',
  ontwikkeling: 'Ontwikkeling',
  eigenKrachtEnNetwerk: 'Eigen kracht en netwerk',
  ambulantAlternatiefOnderzocht: 'Ambulant alternatief onderzocht',
  passendheid: 'Passendheid',
  besluit: 'Besluit',
  taakgebieden: 'Ingezette taakgebieden',
  verblijfNodig: 'Verblijf nodig',
  verblijfType: 'Soort verblijf',
  regieBij: 'Regie bij',
  afspraken: 'Afspraken',
  wat: 'Wat',
  wie: 'Wie',
  wanneer: 'Wanneer',
  waarom: 'Waarom',
  evaluatiedatum: 'Evaluatiedatum',
  overeenstemming: 'Overeenstemming',
  afwijkendeStandpunten: 'Afwijkende standpunten',
  standpunten: 'Standpunten',
  analyse: 'Verklarende analyse',
  beschermendeFactoren: 'Beschermende factoren',
  risicofactoren: 'Risicofactoren',
  hypothesen: 'Hypothesen',
  gedeeldOp: 'Gedeeld op',
  wijze: 'Wijze van delen',
  reactieJeugdigeEnOuders: 'Reactie van jeugdige en ouders',
  opgelost: 'Opgelost op dit niveau',
  motivatie: 'Motivatie',
  mandaat: 'Mandaat',
  besluitNiveau: 'Niveau',
  doorlooptijd: 'Doorlooptijd',
  escalatieGestart: 'Escalatie gestart',
  verwijzingBovenregionaal: 'Verwezen naar het Bovenregionaal Expertisenetwerk',
  uitkomstBovenregionaal: 'Uitkomst Bovenregionaal Expertisenetwerk',
  advies: 'Advies',
  warmeOverdrachtAan: 'Warme overdracht aan',
  overdrachtsdatum: 'Overdrachtsdatum',
  overdrachtAan: 'Overdracht aan',
  contactpersoon: 'Contactpersoon',
  toelichting: 'Toelichting',
  hulpInzet: 'Ingezette hulp',
  beschikkingsnummer: 'Beschikkingsnummer',
  ingangsdatum: 'Ingangsdatum',
  einddatum: 'Einddatum',
  startdatum: 'Startdatum',
  aanbieder: 'Aanbieder',
  voorziening: 'Voorziening',
  type: 'Soort',
  bevindingen: 'Bevindingen',
  hulpPassend: 'Hulp nog passend en effectief',
  evaluatieUitkomst: 'Uitkomst evaluatie',
  volgendeEvaluatiedatum: 'Volgende evaluatiedatum',
  ingrijpen: 'Wat is er gedaan',
  ambulanteSpoedhulp: 'Ambulante spoedhulp',
  ambulanteSpoedhulpLoopt: 'Ambulante spoedhulp loopt door',
  oorzaak: 'Oorzaak',
  maatregelen: 'Maatregelen',
  crisisplek: 'Crisisplek',
  consultatie: 'Consultatie',
  alternatiefGevonden: 'Ambulant alternatief gevonden',
  alternatief: 'Alternatief',
  verblijfsduur: 'Verblijfsduur',
  gezinsvormEerst: 'Gezinsvorm eerst onderzocht',
  school: 'School',
  matchprofiel: 'Hulpvraag- en matchprofiel',
  zoekacties: 'Zoekacties',
  plekGevonden: 'Passende plek gevonden',
  plek: 'Gevonden plek',
  overbrugging: 'Overbruggingszorg',
  verslag: 'Verslag',
  akkoord: 'Akkoord van jeugdige en ouders',
  redenNietAkkoord: 'Waarom niet akkoord',
  plaatsingsbesluit: 'Besluit namens het SLT',
  mdoGehouden: 'MDO heeft over verblijf besloten',
  verklarendeAnalyseAanwezig: 'Verklarende analyse aanwezig',
  eigenSchool: 'Blijft naar de eigen school',
  plaatsingUitkomst: 'Uitkomst plaatsing',
};

const TASK_AREAS: Record<string, string> = {
  slt: 'Stevig Lokaal Team',
  specialistisch: 'Specialistische en locatiegebonden jeugdhulp',
  onderwijs: 'Jeugdhulp in het onderwijs',
  'verblijf-crisis': 'Verblijf met behandeling en crisiszorg',
  wonen: 'Wonen met begeleiding',
};

/** Coded values, whatever field holds them. */
const VALUES: Record<string, string> = {
  ...TASK_AREAS,
  'jeugdige-ouder': 'Jeugdige of ouder zelf',
  huisarts: 'Huisarts',
  jeugdarts: 'Jeugdarts',
  'medisch-specialist': 'Medisch specialist',
  gi: 'Gecertificeerde instelling',
  'veilig-thuis': 'Veilig Thuis',
  'sociale-basis': 'Sociale basis',
  rechter: 'Rechter',
  regulier: 'Regulier',
  spoed: 'Spoed',
  crisis: 'Crisis',
  laag: 'Laag',
  midden: 'Midden',
  hoog: 'Hoog',
  'geen-jeugdhulp': 'Geen jeugdhulp nodig',
  'hulp-binnen-slt': 'Hulp binnen het SLT',
  'niet-vrij-toegankelijk': 'Niet vrij toegankelijke jeugdhulp',
  'gemeentelijk-sociaal-domein': 'Gemeentelijk sociaal domein',
  crisisopvang: 'Crisisopvang',
  'behandeling-met-verblijf': 'Behandeling met verblijf',
  pleegzorg: 'Pleegzorg',
  gezinshuis: 'Gezinshuis',
  'wonen-met-begeleiding': 'Wonen met begeleiding',
  gesprek: 'In een gesprek',
  telefonisch: 'Telefonisch',
  brief: 'Per brief',
  digitaal: 'Digitaal',
  afsluiten: 'Afsluiten: doelen bereikt',
  doorgaan: 'Doorgaan tot de volgende evaluatie',
  opschalen: 'Opschalen: nieuw MDO',
  tijdelijk: 'Tijdelijk',
  langdurig: 'Langdurig',
  ouders: 'Ouders met gezag',
  beiden: 'Jeugdige én ouders',
  'gedwongen-kader': 'Gedwongen kader: geen toestemming nodig',
  geen: 'Geen toestemming',
  overig: 'Anders',
  anders: 'Anders',
  'opnieuw-plannen': 'MDO opnieuw plannen',
  wmo: 'Wmo',
  participatie: 'Participatie',
  schuldhulp: 'Schuldhulpverlening',
  gezin: 'Gezin en opvoeding',
  'school-werk': 'School of werk',
  gezondheid: 'Gezondheid',
  'vrije-tijd': 'Vrije tijd en vrienden',
  financien: 'Financiën',
  veilig: 'Veilig',
  onveilig: 'Onveilig: direct handelen',
  complex: 'Complexe hulpvraag',
  uithuisplaatsing: 'Uithuisplaatsing overwogen',
  opschaling: 'Opschaling na evaluatie',
  'na-crisis': 'Na een crisis',
  'geen-overeenstemming-mdo': 'Geen overeenstemming in het MDO',
  'geen-passend-aanbod': 'Geen passend aanbod',
  'wachttijd-boven-norm': 'Wachttijd boven de norm',
  financiering: 'Financiering',
  woonplaatsbeginsel: 'Woonplaatsbeginsel',
  ambulant: 'Ambulant',
  geplaatst: 'Geplaatst',
  geescaleerd: 'Geëscaleerd',
};

/** Where one code means different things in different fields. */
const VALUES_BY_FIELD: Record<string, Record<string, string>> = {
  bron: { school: 'School of kinderopvang' },
  basis: { jeugdige: 'De jeugdige', ouders: 'Ouders met gezag', beiden: 'Jeugdige én ouders' },
  mdoUitkomst: { besluit: 'Besluit genomen', 'opnieuw-plannen': 'MDO opnieuw plannen' },
  veiligheid: { zorgen: 'Er zijn zorgen', veilig: 'Veilig', onveilig: 'Onveilig: direct handelen' },
  discipline: { jeugdige: 'Jeugdige', ouders: 'Ouder(s) of verzorger(s)' },
};

export const KIND_NAMES: Record<string, string> = {
  mdo: 'MDO-besluit',
  escalatie: 'Escalatiebesluit',
  triage: 'Triagebesluit',
  plaatsing: 'Plaatsingsbesluit',
  beschikking: 'Beschikking',
};

export const STATE_NAMES: Record<InstanceState, string> = {
  active: 'loopt',
  completed: 'afgerond',
  cancelled: 'afgebroken',
  failed: 'mislukt',
};

/** "uithuisplaatsingOverwogen" → "Uithuisplaatsing overwogen": a readable fallback for unknown keys. */
export function humaniseKey(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function fieldLabel(key: string): string {
  return FIELD_LABELS[key] ?? humaniseKey(key);
}

const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The Dutch text for a coded value; free text passes unchanged. */
export function codeLabel(field: string | undefined, value: string): string {
  const byField = field ? VALUES_BY_FIELD[field]?.[value] : undefined;
  if (byField) return byField;
  if (!CODE.test(value)) return value;
  return VALUES[value] ?? humaniseKey(value);
}

/** "Task_MdoVoorbereiden" → "Mdo voorbereiden": when the diagram's own name is not known. */
export function humaniseElementId(elementId: string): string {
  const bare = elementId.replace(/^(Task|Call|Timer|Gateway|Start|End|Flow|Event|Activity)_/, '');
  return humaniseKey(bare);
}
