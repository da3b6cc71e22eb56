import { useEffect, useState } from 'preact/hooks';
import type { FormEditorPanelProps } from './form-editor-panel';

type PanelComponent = typeof import('./form-editor-panel').FormEditorPanel;

/**
 * The form editor panel, loaded when first shown: it brings the FEEL parser (for the routing hints)
 * and the form rules, which the other screens do not need; form-js-editor itself loads after that.
 */
export function LazyFormEditorPanel(props: FormEditorPanelProps) {
  const [panel, setPanel] = useState<{ FormEditorPanel: PanelComponent } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    import('./form-editor-panel')
      .then(({ FormEditorPanel }) => alive && setPanel({ FormEditorPanel }))
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
    };
  }, []);
  if (failed)
    return (
      <p class="notice error" role="alert">
        De formuliereditor kon niet worden geladen. Herlaad de pagina.
      </p>
    );
  if (!panel) return <p role="status">De formuliereditor wordt geladen…</p>;
  return <panel.FormEditorPanel {...props} />;
}
