import { useId, type CSSProperties, type ReactNode } from 'react';
import { S } from './strings';
import './PlainCard.css';

/** A card of plain elements (antd's small Card, without antd): a titled section. */
export function PlainCard({ title, extra, children, bodyStyle, testId }: { title: ReactNode; extra?: ReactNode; children: ReactNode; bodyStyle?: CSSProperties; testId?: string }) {
  const id = useId();
  return (
    <section className="sx-card" aria-labelledby={id} data-testid={testId}>
      <div className="sx-card-head">
        <h2 className="sx-card-title" id={id}>
          {title}
        </h2>
        {extra && <div className="sx-card-extra">{extra}</div>}
      </div>
      <div className="sx-card-body" style={bodyStyle}>
        {children}
      </div>
    </section>
  );
}

/** Grey placeholder lines while a card's data loads (antd's active Skeleton: a title and `rows` lines). */
export function PlainSkeleton({ rows }: { rows: number }) {
  return (
    <div className="sx-skeleton" role="status" aria-label={S.loading}>
      {Array.from({ length: rows + 1 }, (_, i) => (
        <div key={i} className="sx-skeleton-line" />
      ))}
    </div>
  );
}
