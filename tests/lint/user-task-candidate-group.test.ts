import { describe, expect, it } from 'vitest';
import { diagram, findingsOf } from './lint-support';

const lint = (xml: string) => findingsOf('user-task-candidate-group', xml);

describe('lint rule casusregie/user-task-candidate-group', () => {
  it("given a user task without candidate groups, when linted, then the task is named as on nobody's worklist", async () => {
    const xml = diagram(`
      <bpmn:userTask id="Task_Triage" name="Triage" camunda:formKey="triage" />
      <bpmn:userTask id="Task_Leeg" name="Leeg" camunda:candidateGroups=" , " camunda:formKey="leeg" />`);
    expect(await lint(xml)).toEqual([
      expect.stringMatching(
        /^Task_Triage: Gebruikerstaak "Triage" heeft geen kandidaatgroep \(camunda:candidateGroups\)/,
      ),
      expect.stringMatching(/^Task_Leeg: Gebruikerstaak "Leeg" heeft geen kandidaatgroep/),
    ]);
  });

  it('given user tasks with one or more candidate groups, when linted, then there is no finding', async () => {
    const xml = diagram(`
      <bpmn:userTask id="Task_Triage" name="Triage" camunda:candidateGroups="slt-medewerker" camunda:formKey="triage" />
      <bpmn:userTask id="Task_Mdo" name="MDO" camunda:candidateGroups="mdo-voorzitter, procesregisseur" camunda:formKey="mdo" />
      <bpmn:task id="Task_Gewoon" name="Geen gebruikerstaak" />`);
    expect(await lint(xml)).toEqual([]);
  });
});
