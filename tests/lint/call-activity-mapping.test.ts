import { describe, expect, it } from 'vitest';
import { diagram, findingsOf } from './lint-support';

const lint = (xml: string) => findingsOf('call-activity-mapping', xml);

describe('lint rule casusregie/call-activity-mapping', () => {
  it('given call activities without a called process, with a dynamic one, without mappings or passing all variables, when linted, then each is named', async () => {
    const xml = diagram(`
      <bpmn:callActivity id="Call_Niets" name="Niets">
        <bpmn:extensionElements><camunda:in source="urgentie" target="urgentie" /></bpmn:extensionElements>
      </bpmn:callActivity>
      <bpmn:callActivity id="Call_Dynamisch" name="Dynamisch" calledElement="=volgendProces">
        <bpmn:extensionElements><camunda:in source="urgentie" target="urgentie" /></bpmn:extensionElements>
      </bpmn:callActivity>
      <bpmn:callActivity id="Call_Stil" name="Stil" calledElement="mdo" />
      <bpmn:callActivity id="Call_Alles" name="Alles" calledElement="mdo">
        <bpmn:extensionElements>
          <camunda:in variables="all" />
          <camunda:out variables="all" />
        </bpmn:extensionElements>
      </bpmn:callActivity>
      <bpmn:callActivity id="Call_Half" name="Half" calledElement="mdo">
        <bpmn:extensionElements>
          <camunda:in source="urgentie" />
          <camunda:out target="besluit" />
        </bpmn:extensionElements>
      </bpmn:callActivity>`);
    expect(await lint(xml)).toEqual([
      expect.stringMatching(/^Call_Niets: Aanroep "Niets" noemt geen aan te roepen proces; vul calledElement in/),
      expect.stringMatching(/^Call_Dynamisch: Aanroep "Dynamisch" kiest het aangeroepen proces met een expressie/),
      expect.stringMatching(/^Call_Stil: Aanroep "Stil" geeft geen variabelen door/),
      expect.stringMatching(/^Call_Alles: Aanroep "Alles" geeft met camunda:in variables="all" alle variabelen door/),
      expect.stringMatching(/^Call_Alles: Aanroep "Alles" geeft met camunda:out variables="all" alle variabelen door/),
      expect.stringMatching(/^Call_Half: Aanroep "Half" heeft een camunda:in zonder target/),
      expect.stringMatching(
        /^Call_Half: Aanroep "Half" heeft een camunda:out naar "besluit" zonder source of sourceExpression/,
      ),
    ]);
  });

  it('given a call activity with a fixed called process and every variable mapped by name, when linted, then there is no finding', async () => {
    const xml = diagram(`
      <bpmn:callActivity id="Call_Escalatieladder" name="Escalatieladder" calledElement="escalatieladder">
        <bpmn:extensionElements>
          <camunda:in sourceExpression="=&quot;geen-overeenstemming-mdo&quot;" target="reden" />
          <camunda:in source="urgentie" target="urgentie" />
          <camunda:out source="besluit" target="besluit" />
        </bpmn:extensionElements>
      </bpmn:callActivity>`);
    expect(await lint(xml)).toEqual([]);
  });
});
