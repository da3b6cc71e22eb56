import { describe, expect, it } from 'vitest';
import { diagram, findingsOf } from './lint-support';

const lint = (xml: string) => findingsOf('no-code', xml);

describe('lint rule casusregie/no-code', () => {
  it('given tasks that need code behind them, when linted, then each is named with its type', async () => {
    const xml = diagram(`
      <bpmn:scriptTask id="Script_Kwaad" name="Kwaad" scriptFormat="javascript"><bpmn:script>process.exit()</bpmn:script></bpmn:scriptTask>
      <bpmn:serviceTask id="Service_Mail" name="Mail" camunda:class="nl.Mail" />
      <bpmn:sendTask id="Send_Brief" name="Brief" />
      <bpmn:businessRuleTask id="Rule_Toets" name="Toets" />`);
    expect(await lint(xml)).toEqual([
      expect.stringMatching(/^Script_Kwaad: .*"Kwaad" is een scripttaak/),
      expect.stringMatching(/^Service_Mail: .*"Mail" is een servicetaak/),
      expect.stringMatching(/^Send_Brief: .*"Brief" is een verzendtaak/),
      expect.stringMatching(/^Rule_Toets: .*"Toets" is een business-rule-taak/),
    ]);
  });

  it('given listeners, a script parameter, a message event calling a class and a JavaScript condition, when linted, then each owner is named', async () => {
    const xml = diagram(`
      <bpmn:startEvent id="Start">
        <bpmn:extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="javascript">process.exit()</camunda:script></camunda:executionListener></bpmn:extensionElements>
      </bpmn:startEvent>
      <bpmn:userTask id="Task_Triage" name="Triage" camunda:candidateGroups="slt" camunda:formKey="triage">
        <bpmn:extensionElements>
          <camunda:taskListener event="create" class="nl.Luisteraar" />
          <camunda:inputOutput><camunda:outputParameter name="score"><camunda:script scriptFormat="javascript">1 + 1</camunda:script></camunda:outputParameter></camunda:inputOutput>
        </bpmn:extensionElements>
      </bpmn:userTask>
      <bpmn:intermediateThrowEvent id="Event_Bericht" name="Bericht"><bpmn:messageEventDefinition id="MessageEventDefinition_1" camunda:class="nl.Verzend" /></bpmn:intermediateThrowEvent>
      <bpmn:exclusiveGateway id="Gateway" />
      <bpmn:sequenceFlow id="Flow_Js" sourceRef="Gateway" targetRef="Task_Triage"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">next(null, true)</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    expect(await lint(xml)).toEqual([
      expect.stringMatching(/^Start: Het element Start heeft een execution listener/),
      expect.stringMatching(/^Task_Triage: .*"Triage" heeft een task listener/),
      expect.stringMatching(/^Task_Triage: .*berekent parameter "score" met een script/),
      expect.stringMatching(/^Event_Bericht: .*"Bericht" roept code aan \(camunda:class\)/),
      expect.stringMatching(
        /^Flow_Js: De voorwaarde op Flow_Js is in "javascript" geschreven; scripts zijn niet toegestaan/,
      ),
    ]);
  });

  it('given user tasks, FEEL conditions, FEEL parameters and properties, when linted, then there is no finding', async () => {
    const xml = diagram(`
      <bpmn:startEvent id="Start" />
      <bpmn:userTask id="Task_Triage" name="Triage" camunda:candidateGroups="slt" camunda:formKey="triage">
        <bpmn:extensionElements>
          <camunda:inputOutput><camunda:outputParameter name="spoed">=urgentie = "crisis"</camunda:outputParameter></camunda:inputOutput>
          <camunda:properties><camunda:property name="besluit" value="mdo" /></camunda:properties>
        </bpmn:extensionElements>
      </bpmn:userTask>
      <bpmn:exclusiveGateway id="Gateway" />
      <bpmn:sequenceFlow id="Flow_Feel" sourceRef="Gateway" targetRef="Task_Triage"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=urgentie = "crisis"</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="Flow_FeelTaal" sourceRef="Gateway" targetRef="Task_Triage"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="feel">=true</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    expect(await lint(xml)).toEqual([]);
  });
});
