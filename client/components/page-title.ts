import { useEffect } from 'preact/hooks';

/** Each screen names itself in the tab and for screen readers (WCAG 2.4.2). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Casusregie`;
  }, [title]);
}
