import type { ElementDescription } from '../../diagram/modeler/ModelerUtil';

/** One line in a list of findings: a lint finding, a deploy problem or a deploy warning. */
export interface Finding {
  /** Undefined when the finding concerns the diagram as a whole. */
  element?: ElementDescription;
  /** "Fout", "Waarschuwing": said in words, colour only repeats it. */
  severityLabel?: string;
  severity: 'error' | 'warn' | 'info';
  message: string;
  /** The rule or check, as the server names it (`casusregie/user-task-candidate-group`, `form-unknown`). */
  code: string;
}

/**
 * Findings, each with the element it concerns as a button that selects that element in the
 * modeler (and so opens its properties): from what is wrong to where to fix it, also by keyboard.
 */
export function FindingList(props: {
  findings: readonly Finding[];
  onFocusElement: (elementId: string) => void;
  label: string;
}) {
  return (
    <ul class="finding-list" aria-label={props.label}>
      {props.findings.map((finding, index) => (
        <li
          key={`${finding.element?.elementId ?? ''}/${finding.code}/${index}`}
          class={`finding finding-${finding.severity}`}
          data-element-id={finding.element?.elementId}
          data-code={finding.code}
        >
          <p class="finding-head">
            {finding.severityLabel ? <span class="finding-severity">{finding.severityLabel}</span> : null}
            {finding.element ? (
              <ElementReference element={finding.element} onFocusElement={props.onFocusElement} />
            ) : (
              <span>Het hele diagram</span>
            )}
          </p>
          <p class="finding-message">{finding.message}</p>
          <p class="finding-code muted">
            Regel: <code>{finding.code}</code>
          </p>
        </li>
      ))}
    </ul>
  );
}

function ElementReference({
  element,
  onFocusElement,
}: {
  element: ElementDescription;
  onFocusElement: (elementId: string) => void;
}) {
  const type = element.typeLabel ? <span class="muted"> ({element.typeLabel})</span> : null;
  if (!element.onCanvas) {
    return (
      <span>
        {element.name}
        {type}
      </span>
    );
  }
  return (
    <>
      <button
        type="button"
        class="link-button"
        data-focus-element={element.elementId}
        onClick={() => onFocusElement(element.elementId)}
      >
        {element.name}
        <span class="visually-hidden">: tonen in het diagram</span>
      </button>
      {type}
    </>
  );
}
