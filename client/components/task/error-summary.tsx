import type { Ref } from 'preact';
import type { FieldMessage, FieldTarget } from './form-controller';

/**
 * The problems of a submission, at the top of the form: announced (role=alert), focused by the
 * page, and each one that belongs to a field links to it, so nobody has to hunt for a message
 * further down a long form (WCAG 3.3.1, 3.3.3).
 */
export function ErrorSummary(props: {
  title: string;
  intro?: string;
  items: FieldMessage[];
  onGoTo: (target: FieldTarget) => void;
  summaryRef?: Ref<HTMLDivElement>;
}) {
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={props.summaryRef} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{props.title}</h2>
      {props.intro && <p>{props.intro}</p>}
      {props.items.length > 0 && (
        <ul>
          {props.items.map((item, index) => (
            <li key={index}>
              {item.target ? (
                <a
                  href={`#${item.target.domId}`}
                  onClick={(event) => {
                    event.preventDefault();
                    if (item.target) props.onGoTo(item.target);
                  }}
                >
                  <span class="field-name">{item.target.label}</span>: {item.message}
                </a>
              ) : (
                item.message
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
