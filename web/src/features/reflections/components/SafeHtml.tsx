import { forwardRef, useMemo, type CSSProperties } from 'react';
import { renderSafe, type Mark } from '../safeHtml';
import './editor.css';

/** A reflection's stored HTML, rebuilt from allowed tags without attributes (never innerHTML). */
export const SafeHtml = forwardRef<HTMLDivElement, { html: string; marks?: Mark[]; testId?: string; style?: CSSProperties }>(function SafeHtml({ html, marks, testId, style }, ref) {
  const nodes = useMemo(() => renderSafe(html, marks), [html, marks]);
  return (
    <div ref={ref} className="rf-read" data-testid={testId} style={style}>
      {nodes}
    </div>
  );
});
