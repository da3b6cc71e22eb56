import { describe, expect, it } from 'vitest';
import { diagram, findingsOf } from './lint-support';

const lint = (xml: string) => findingsOf('user-task-form', xml);

describe('lint rule casusregie/user-task-form', () => {
  it('given a user task without a form key, when linted, then the task is named as having no form', async () => {
    const xml = diagram(`<bpmn:userTask id="Task_Triage" name="Triage" camunda:candidateGroups="slt-medewerker" />`);
    expect(await lint(xml)).toEqual([
      expect.stringMatching(/^Task_Triage: Gebruikerstaak "Triage" heeft geen formulier \(camunda:formKey\)/),
    ]);
  });

  it('given a user task with a form key, when linted, then there is no finding', async () => {
    const xml = diagram(
      `<bpmn:userTask id="Task_Triage" name="Triage" camunda:candidateGroups="slt-medewerker" camunda:formKey="triage" />`,
    );
    expect(await lint(xml)).toEqual([]);
  });
});
