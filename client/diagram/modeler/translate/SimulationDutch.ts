/**
 * Dutch for the token simulation (the "Proefdraaien" dry run). bpmn-js-token-simulation writes its
 * log, notifications and button titles in English without asking diagram-js's `translate`, so its
 * own hooks are wrapped here: what it logs or notifies, and the titles of the buttons it draws.
 */

/** What the simulation says of an element without a name, and of its own actions. */
const TEXTS: Readonly<Record<string, string>> = {
  Process: 'Proces',
  SubProcess: 'Subproces',
  'Service Task': 'Servicetaak',
  'User Task': 'Gebruikerstaak',
  'Call Activity': 'Aanroep van een proces',
  'Script Task': 'Scripttaak',
  'Business Rule Task': 'Bedrijfsregeltaak',
  'Manual Task': 'Handmatige taak',
  'Receive Task': 'Ontvangsttaak',
  'Send Task': 'Verzendtaak',
  Task: 'Taak',
  'Exclusive Gateway': 'Exclusieve gateway',
  'Parallel Gateway': 'Parallelle gateway',
  'Inclusive Gateway': 'Inclusieve gateway',
  'Start Event': 'Startgebeurtenis',
  'Intermediate Event': 'Tussengebeurtenis',
  'Boundary Event': 'Randgebeurtenis',
  'End Event': 'Eindgebeurtenis',
  'Pause Simulation': 'Proefdraaien gepauzeerd',
  'Play Simulation': 'Proefdraaien loopt verder',
  'Reset Simulation': 'Proefdraaien opnieuw begonnen',
  Finished: 'Afgerond',
  'Found unsupported elements': 'Onderdelen gevonden die het proefdraaien niet kent',
  'Not supported': 'Niet ondersteund',
};

/** "<scope> started|finished|canceled", logged when a process or subprocess starts or ends. */
const SCOPE_EVENTS: Readonly<Record<string, string>> = {
  started: 'gestart',
  finished: 'afgerond',
  canceled: 'afgebroken',
};

/**
 * Titles and labels of the buttons the simulation draws on the canvas. None repeats "Proefdraaien":
 * that is the name of the page's own switch, and a button's name must find that switch alone.
 */
const TITLES: Readonly<Record<string, string>> = {
  'Toggle Simulation Log': 'Verslag tonen of verbergen',
  'Play/Pause Simulation': 'Pauzeren of hervatten',
  'Reset Simulation': 'Opnieuw beginnen',
  'Set Sequence Flow': 'Kies de volgende stroom',
  'Add pause point': 'Pauzepunt toevoegen',
  'Remove pause point': 'Pauzepunt weghalen',
  'Trigger Event': 'Gebeurtenis laten plaatsvinden',
  Close: 'Sluiten',
};

export function dutchSimulationText(text: string): string {
  const known = TEXTS[text];
  if (known) return known;
  const scope = /^(.*) (started|finished|canceled)$/.exec(text);
  if (scope?.[1] && scope[2]) return `${TEXTS[scope[1]] ?? scope[1]} ${SCOPE_EVENTS[scope[2]]}`;
  return text;
}

export function dutchSimulationTitle(title: string): string | undefined {
  const known = TITLES[title];
  if (known) return known;
  const speed = /^Set animation speed = (.+)$/.exec(title);
  if (speed) return `Snelheid van de animatie: ${speed[1]}`;
  const focus = /^Focus process instance (.+)$/.exec(title);
  if (focus) return `Alleen procesinstantie ${focus[1]} tonen`;
  return undefined;
}

interface LogOptions {
  text?: string;
  [key: string]: unknown;
}

/** The parts of the simulation's `log` and `notifications` services this module wraps. */
interface Logger {
  log(options: LogOptions): unknown;
  _container?: HTMLElement;
}
interface Notifier {
  showNotification(options: LogOptions): unknown;
}
interface Canvas {
  getContainer(): HTMLElement;
}

function translated(options: LogOptions): LogOptions {
  return typeof options.text === 'string' ? { ...options, text: dutchSimulationText(options.text) } : options;
}

function translateTitles(root: HTMLElement): void {
  for (const element of [root, ...root.querySelectorAll<HTMLElement>('[title], [aria-label]')]) {
    for (const attribute of ['title', 'aria-label']) {
      const value = element.getAttribute(attribute);
      const dutch = value ? dutchSimulationTitle(value) : undefined;
      if (dutch) element.setAttribute(attribute, dutch);
    }
  }
}

/** The log's own header and empty state, which it writes once as HTML. */
function translateLogFrame(container: HTMLElement | undefined): void {
  if (!container) return;
  const header = container.querySelector('.bts-header');
  for (const node of Array.from(header?.childNodes ?? [])) {
    if (node.nodeType === Node.TEXT_NODE && node.textContent?.trim() === 'Simulation Log') {
      node.textContent = ' Verslag van het proefdraaien ';
    }
  }
  const placeholder = container.querySelector('.bts-entry.placeholder');
  if (placeholder && placeholder.textContent?.trim() === 'No Entries') placeholder.textContent = 'Nog niets gebeurd';
}

export default function SimulationDutch(log: Logger, notifications: Notifier, canvas: Canvas): void {
  const log_ = log.log.bind(log);
  log.log = (options: LogOptions) => log_(translated(options));
  const notify = notifications.showNotification.bind(notifications);
  notifications.showNotification = (options: LogOptions) => notify(translated(options));

  translateLogFrame(log._container);
  const root = canvas.getContainer();
  translateTitles(root);
  // The simulation draws its buttons (context pads, speed, scopes) as it runs.
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.target instanceof HTMLElement) translateTitles(record.target);
    }
  }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['title', 'aria-label'] });
}

SimulationDutch.$inject = ['log', 'notifications', 'canvas'];
