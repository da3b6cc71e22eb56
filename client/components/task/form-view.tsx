import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormSchema, Variables } from '../../../server/contract/api';
import type { FormController } from './form-controller';

/**
 * Mounts a form-js form in a div that Preact leaves alone (it renders no children into it), and
 * hands the page a controller once the schema is imported. form-js (with its date picker and FEEL
 * engine, most of the client's weight) loads only when a form is first shown, so the login and
 * the worklist stay light.
 */
export function FormView(props: {
  schema: FormSchema;
  data: Variables;
  readOnly: boolean;
  onChange: (data: Variables) => void;
  onReady: (controller: FormController | null) => void;
  ariaLabel?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const controller = useRef<FormController | null>(null);
  const [failed, setFailed] = useState(false);
  // The latest callbacks, so form-js (created once) always calls the current ones.
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    let cancelled = false;
    const element = container.current;
    if (!element) return;
    const mount = async () => {
      const { FormController } = await import('./form-controller');
      if (cancelled) return;
      const created = await FormController.create({
        container: element,
        schema: props.schema,
        data: props.data,
        readOnly: props.readOnly,
        ariaLabel: props.ariaLabel,
        onChange: (data) => callbacks.current.onChange(data),
      });
      if (cancelled) {
        created.destroy();
        return;
      }
      controller.current = created;
      // readOnly may have changed while form-js was loading.
      if (callbacks.current.readOnly !== props.readOnly) created.setReadOnly(callbacks.current.readOnly);
      callbacks.current.onReady(created);
    };
    mount().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      controller.current?.destroy();
      controller.current = null;
      callbacks.current.onReady(null);
    };
    // The schema and prefill are fixed for the life of this form; the page remounts it otherwise.
  }, []);

  useEffect(() => {
    controller.current?.setReadOnly(props.readOnly);
  }, [props.readOnly]);

  if (failed) {
    return (
      <p class="notice error" role="alert">
        Het formulier van deze taak kan niet worden getoond. Meld dit bij functioneel beheer.
      </p>
    );
  }
  return <div class="task-form" ref={container} />;
}
