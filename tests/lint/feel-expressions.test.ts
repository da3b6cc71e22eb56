import { describe, expect, it } from 'vitest';
import { diagram, findingsOf } from './lint-support';

const lint = (xml: string) => findingsOf('feel-expressions', xml);

describe('lint rule casusregie/feel-expressions', () => {
  it('given conditions without "=", with broken FEEL or empty, when linted, then each sequence flow is named', async () => {
    const xml = diagram(`
      <bpmn:exclusiveGateway id="Gateway" />
      <bpmn:endEvent id="End" />
      <bpmn:sequenceFlow id="Flow_ZonderIs" name="Crisis" sourceRef="Gateway" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">urgentie = "crisis"</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Flow_Legacy" sourceRef="Gateway" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${x > 5}</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Flow_Kapot" sourceRef="Gateway" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=x &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Flow_Leeg" sourceRef="Gateway" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    expect(await lint(xml)).toEqual([
      'Flow_ZonderIs: De voorwaarde op "Crisis" \'urgentie = "crisis"\' is geen FEEL-expressie: begin met "=", zoals =urgentie = "crisis". Zonder "=" geldt de tekst letterlijk.',
      expect.stringMatching(/^Flow_Legacy: De voorwaarde op Flow_Legacy '\$\{x > 5\}' is geen FEEL-expressie/),
      expect.stringMatching(
        /^Flow_Kapot: De voorwaarde op Flow_Kapot '=x >' is geen geldige FEEL: syntaxfout bij positie/,
      ),
      expect.stringMatching(/^Flow_Leeg: De voorwaarde op Flow_Leeg '=' is geen geldige FEEL: lege expressie/),
    ]);
  });

  it('given a due date, timers, a mapping and an output parameter that are neither FEEL nor ISO 8601, when linted, then each owner is named', async () => {
    const xml = diagram(`
      <bpmn:userTask id="Task_Triage" name="Triage" camunda:candidateGroups="slt" camunda:formKey="triage" camunda:dueDate="over vijf dagen">
        <bpmn:extensionElements>
          <camunda:inputOutput><camunda:outputParameter name="spoed">urgentie = "crisis"</camunda:outputParameter></camunda:inputOutput>
        </bpmn:extensionElements>
      </bpmn:userTask>
      <bpmn:boundaryEvent id="Timer_Termijn" name="Termijn" attachedToRef="Task_Triage">
        <bpmn:timerEventDefinition id="TimerEventDefinition_1"><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">5 werkdagen</bpmn:timeDuration></bpmn:timerEventDefinition>
      </bpmn:boundaryEvent>
      <bpmn:intermediateCatchEvent id="Timer_Datum" name="Evaluatiedatum">
        <bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date(</bpmn:timeDate></bpmn:timerEventDefinition>
      </bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="Timer_Leeg"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>
      <bpmn:callActivity id="Call_Mdo" name="MDO" calledElement="mdo">
        <bpmn:extensionElements><camunda:in sourceExpression="opschaling" target="reden" /></bpmn:extensionElements>
      </bpmn:callActivity>`);
    expect(await lint(xml)).toEqual([
      expect.stringMatching(
        /^Task_Triage: De vervaldatum \(camunda:dueDate\) van "Triage" 'over vijf dagen' is geen ISO 8601-duur of -datum/,
      ),
      expect.stringMatching(
        /^Task_Triage: De uitvoerparameter "spoed" van "Triage" 'urgentie = "crisis"' is geen FEEL-expressie/,
      ),
      expect.stringMatching(/^Timer_Termijn: De timer van "Termijn" '5 werkdagen' is geen ISO 8601-duur of -datum/),
      expect.stringMatching(/^Timer_Datum: De timer van "Evaluatiedatum" '=date\(' is geen geldige FEEL/),
      expect.stringMatching(/^Timer_Leeg: De timer van Timer_Leeg heeft geen duur of datum/),
      expect.stringMatching(
        /^Call_Mdo: De sourceExpression van camunda:in "reden" bij "MDO" 'opschaling' is geen FEEL-expressie/,
      ),
    ]);
  });

  it('given FEEL everywhere and literal ISO durations and dates for due dates and timers, when linted, then there is no finding', async () => {
    const xml = diagram(`
      <bpmn:userTask id="Task_Crisis" name="Crisis" camunda:candidateGroups="crisisdienst" camunda:formKey="crisis" camunda:dueDate="PT24H" />
      <bpmn:userTask id="Task_Datum" name="Datum" camunda:candidateGroups="slt" camunda:formKey="datum" camunda:dueDate="2026-12-01" />
      <bpmn:userTask id="Task_Feel" name="Feel" camunda:candidateGroups="slt" camunda:formKey="feel" camunda:dueDate="=if urgentie = &quot;crisis&quot; then duration(&quot;PT24H&quot;) else werkdagen(5)">
        <bpmn:extensionElements>
          <camunda:inputOutput><camunda:outputParameter name="spoed">=urgentie = "crisis"</camunda:outputParameter></camunda:inputOutput>
        </bpmn:extensionElements>
      </bpmn:userTask>
      <bpmn:boundaryEvent id="Timer_Literal" attachedToRef="Task_Crisis">
        <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P14D</bpmn:timeDuration></bpmn:timerEventDefinition>
      </bpmn:boundaryEvent>
      <bpmn:intermediateCatchEvent id="Timer_Feel">
        <bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date(besluit.evaluatiedatum)</bpmn:timeDate></bpmn:timerEventDefinition>
      </bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="Timer_Datum">
        <bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">2026-12-01T09:00:00+01:00</bpmn:timeDate></bpmn:timerEventDefinition>
      </bpmn:intermediateCatchEvent>
      <bpmn:callActivity id="Call_Mdo" name="MDO" calledElement="mdo">
        <bpmn:extensionElements>
          <camunda:in sourceExpression="=&quot;opschaling&quot;" target="reden" />
          <camunda:in source="urgentie" target="urgentie" />
          <camunda:out source="besluit" target="besluit" />
        </bpmn:extensionElements>
      </bpmn:callActivity>
      <bpmn:exclusiveGateway id="Gateway" />
      <bpmn:sequenceFlow id="Flow_Crisis" sourceRef="Gateway" targetRef="Task_Crisis"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=urgentie = "crisis"</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Flow_Default" sourceRef="Gateway" targetRef="Task_Feel" />`);
    expect(await lint(xml)).toEqual([]);
  });
});
