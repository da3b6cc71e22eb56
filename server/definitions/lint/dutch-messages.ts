/**
 * bpmnlint's own rules report in English; process owners read Dutch. One sentence per rule says
 * what is wrong and what to do; the project's rules already report in Dutch and are not listed.
 */
const DUTCH: Record<string, string> = {
  'ad-hoc-sub-process': 'Een ad-hocsubproces hoort geen start- of eindgebeurtenis te hebben.',
  'conditional-flows':
    'Een uitgaande stroom zonder voorwaarde naast stromen met een voorwaarde: geef hem een voorwaarde of maak hem de standaardstroom.',
  'end-event-required': 'Het proces heeft geen eindgebeurtenis.',
  'event-based-gateway': 'Een gebeurtenisgestuurde gateway moet naar minstens twee wachtende gebeurtenissen leiden.',
  'event-sub-process-typed-start-event':
    'Een gebeurtenis-subproces heeft een start met een soort gebeurtenis nodig (timer, bericht, ...).',
  'fake-join': 'Twee stromen komen samen in een activiteit; voeg ze eerst samen met een gateway.',
  global: 'Dit onderdeel wordt nergens gebruikt.',
  'label-required': 'Dit onderdeel heeft geen naam; geef het een naam die zegt wat er gebeurt.',
  'link-event': 'Elke koppelgebeurtenis moet een bijpassende tegenhanger met dezelfde naam hebben.',
  'no-bpmndi': 'Dit onderdeel staat niet op de tekening (ontbrekende BPMN DI).',
  'no-complex-gateway': 'Complexe gateways worden niet ondersteund.',
  'no-disconnected': 'Dit onderdeel is met niets verbonden.',
  'no-duplicate-sequence-flows': 'Er lopen twee gelijke stromen tussen dezelfde onderdelen.',
  'no-gateway-join-fork': 'Een gateway die tegelijk samenvoegt en splitst is onduidelijk; gebruik er twee.',
  'no-implicit-split': 'Meerdere uitgaande stromen zonder gateway; gebruik een gateway om te splitsen.',
  'no-implicit-end': 'Dit onderdeel eindigt zonder eindgebeurtenis; verbind het met een eindgebeurtenis.',
  'no-implicit-start': 'Dit onderdeel begint zonder startgebeurtenis.',
  'no-inclusive-gateway': 'Inclusieve gateways worden afgeraden: de engine voegt ze niet goed samen.',
  'no-overlapping-elements': 'Dit onderdeel overlapt een ander onderdeel op de tekening.',
  'single-blank-start-event': 'Een proces mag maar één lege startgebeurtenis hebben.',
  'single-event-definition': 'Een gebeurtenis mag maar één soort (timer, bericht, ...) hebben.',
  'start-event-required': 'Het proces heeft geen startgebeurtenis.',
  'sub-process-blank-start-event': 'Een subproces moet met een lege startgebeurtenis beginnen.',
  'superfluous-gateway': 'Deze gateway heeft één ingang en één uitgang en doet niets; haal hem weg.',
  'superfluous-label': 'Dit label hoort bij geen enkel onderdeel.',
  'superfluous-termination': 'Deze beëindigende eindgebeurtenis is overbodig; een gewone eindgebeurtenis volstaat.',
};

export function dutchLintMessage(rule: string, message: string): string {
  return DUTCH[rule] ?? message;
}
