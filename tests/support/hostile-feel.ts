/**
 * A FEEL context that doubles a 100-character text `times` times within one expression (21 times:
 * about 210 million characters), without its leading `=`: the expression the FEEL size limit must stop.
 */
export function doublingFeel(times: number): string {
  const names = Array.from({ length: times + 1 }, (_, index) => `s${index}`);
  const entries = names.slice(1).map((name, index) => `${name}: ${names[index]} + ${names[index]}`);
  return `{s0: "${'x'.repeat(100)}", ${entries.join(', ')}}.${names[names.length - 1]}`;
}

/** The same expression, escaped for an attribute of a BPMN diagram. */
export function doublingFeelForXml(times: number): string {
  return doublingFeel(times).replaceAll('"', '&quot;');
}
