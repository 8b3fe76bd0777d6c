import { S } from './strings';

/** The loading state of every lazily loaded page: plain elements (global.css), no antd, so it shows at once. */
export function PageLoading() {
  return (
    <div className="sx-loading" role="status" aria-live="polite">
      <span className="sx-loading-ring" aria-hidden="true" />
      <span className="sx-loading-text">{S.loading}</span>
    </div>
  );
}
