import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { LazyFormEditorPanel } from './lazy-form-editor-panel';
import { newFormSchema, suggestedFormKey } from './new-form-schema';
import type { DiagramExpression } from './routing-hints';

/**
 * "Nieuw formulier" from the modeler's properties panel: the form editor in a modal dialog over the
 * modeler, so the diagram (and its unsaved edits) stays as it is. It knows the diagram's
 * expressions, so it shows which variables the routing reads. After saving, the screen lets the
 * task name the new form and closes the dialog.
 */
export function NewFormDialog(props: {
  taskName: string;
  expressions: DiagramExpression[];
  existingKeys: ReadonlySet<string>;
  onSaved: (key: string, version: number) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [dirty, setDirty] = useState(false);
  const initialSchema = useMemo(() => newFormSchema(props.taskName.trim() || undefined), [props.taskName]);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const close = () => {
    if (dirty && !window.confirm('Het formulier is nog niet opgeslagen. Sluiten zonder op te slaan?')) return;
    props.onClose();
  };

  return (
    <dialog
      ref={dialog}
      class="new-form-dialog"
      aria-labelledby="nieuw-formulier-titel"
      onCancel={(event) => {
        // Escape: the screen unmounts the dialog, so its state and the DOM agree.
        event.preventDefault();
        close();
      }}
    >
      <div class="new-form-dialog-heading">
        <h2 id="nieuw-formulier-titel">
          Nieuw formulier{props.taskName.trim() ? ` voor "${props.taskName.trim()}"` : ''}
        </h2>
        <button type="button" class="secondary" onClick={close}>
          Sluiten
        </button>
      </div>
      <p class="muted">
        Na het opslaan gebruikt de taak dit formulier. Uw diagram blijft zoals het is; rol het daarna uit.
      </p>
      <LazyFormEditorPanel
        formKey={undefined}
        initialKey={suggestedFormKey(props.taskName)}
        initialSchema={initialSchema}
        existingKeys={props.existingKeys}
        expressions={props.expressions}
        headingLevel={3}
        idPrefix="nieuw-formulier"
        onDirty={setDirty}
        onSaved={props.onSaved}
      />
    </dialog>
  );
}
