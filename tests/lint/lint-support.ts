import { parseBpmn } from '../../server/definitions/bpmn-parser';
import { lintDefinitions } from '../../server/definitions/lint/bpmn-linter';

/** A definitions document around a process body, with the namespaces the fixtures use. */
export function diagram(processBody: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Test" targetNamespace="https://casusregie.nl/test">
  <bpmn:process id="test" isExecutable="true">
    ${processBody}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Findings of one project rule only, as `elementId: message`, so a test sees nothing but that rule. */
export async function findingsOf(rule: string, xml: string): Promise<string[]> {
  const parsed = await parseBpmn(xml);
  if (parsed.warnings.length > 0) throw new Error(`fixture does not parse cleanly: ${parsed.warnings[0]!.message}`);
  const findings = await lintDefinitions(parsed.rootElement, { rules: { [`casusregie/${rule}`]: 'error' } });
  return findings.map((finding) => `${finding.elementId}: ${finding.message}`);
}
