import { FormEditor } from '@bpmn-io/form-js-editor';
import { useEffect, useRef } from 'preact/hooks';
import type { FormSchema } from '../../../server/contract/api';
import { casusregieFieldTypesModule, localiseEditorDom } from './form-editor-dutch';
// The editor's canvas renders form fields with the viewer's classes; the task page's form-js
// styles (the same classes) give them the look they have for the worker.
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';

/** What the schema's `exporter` says made the form: the server compares schemas, not who made them. */
const EXPORTER = { name: 'Casusregie', version: '1' };

/**
 * The form-js editor (palette, form canvas, properties panel) in a div Preact leaves alone. This
 * module is the heavy part of the form editor and is loaded on demand. The schema is imported
 * once; every change is handed to `onChange` as the schema the editor would save.
 */
export function FormEditorCanvas(props: {
  schema: FormSchema;
  onChange: (schema: FormSchema) => void;
  onError: (message: string) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const callbacks = useRef(props);
  callbacks.current = props;

  useEffect(() => {
    const container = host.current;
    if (!container) return;
    const editor = new FormEditor({
      container,
      exporter: EXPORTER,
      additionalModules: [casusregieFieldTypesModule],
    });
    const stopLocalising = localiseEditorDom(container);
    let alive = true;
    const emit = () => {
      if (alive) callbacks.current.onChange(editor.saveSchema() as FormSchema);
    };
    editor.on('changed', emit);
    editor
      .importSchema(props.schema as Parameters<FormEditor['importSchema']>[0])
      .then(emit)
      .catch(() => {
        if (alive)
          callbacks.current.onError(
            'Het formulier kon niet in de editor worden geladen. Het bevat mogelijk een onderdeel dat niet is toegestaan.',
          );
      });
    return () => {
      alive = false;
      stopLocalising();
      editor.destroy();
    };
    // One import per editor: the screen remounts this component for another form.
  }, []);

  return <div class="form-editor-canvas" ref={host} />;
}
