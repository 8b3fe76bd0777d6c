import { useEffect, useState } from 'react';
import type { FeedData } from './feed';
import { SS } from './strings';

interface PublicFeed {
  unit: { id: number; name: string };
  generatedAt: string;
  data: FeedData;
}

const pct = (v: number | null) => (v === null ? SS.noValue : `${Math.round(v * 100)}%`);
const when = (iso: string) => {
  const d = new Date(iso);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
};

/** The public page for the office's WeChat account: one scrolling phone page, read-only. */
export function PublicPage({ unitId }: { unitId: string }) {
  const [feed, setFeed] = useState<PublicFeed | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    fetch(`/api/public/${encodeURIComponent(unitId)}/feed`, { signal: abort.signal, credentials: 'omit' })
      .then(async (res) => {
        const body = (await res.json()) as PublicFeed & { message?: string };
        if (!res.ok) setError(body.message ?? SS.publicClosed);
        else {
          setFeed(body);
          document.title = `${body.unit.name} · ${SS.brand}`;
        }
      })
      .catch(() => !abort.signal.aborted && setError(SS.offline));
    return () => abort.abort();
  }, [unitId]);
  if (error) return <div className="refused" data-testid="public-error">{error}</div>;
  if (!feed) return <p className="public-loading">{SS.loading}</p>;
  const d = feed.data;
  return (
    <div className="public" data-testid="public-page">
      <header className="public-head">
        <div className="brand">{SS.brand}</div>
        <h1>{feed.unit.name}</h1>
        <p>{SS.monthTitle(d.month.month)}</p>
      </header>
      <section className="public-tiles">
        <div>
          <b>{d.month.booksFinished}</b>
          <span>{SS.booksFinished}</span>
        </div>
        <div>
          <b>{Math.round(d.month.minutes / 60)}</b>
          <span>
            {SS.hours}（{SS.hoursUnit}）
          </span>
        </div>
        <div>
          <b>{pct(d.month.compliance)}</b>
          <span>{SS.compliance}</span>
        </div>
        <div>
          <b>{pct(d.month.attendance)}</b>
          <span>{SS.attendance}</span>
        </div>
      </section>
      {d.announcements.length > 0 && (
        <section className="public-card">
          <h2>{SS.announcements}</h2>
          {d.announcements.map((a) => (
            <article key={a.id} className="public-notice">
              {a.images[0] && <img src={a.images[0].url} alt="" />}
              <h3>{a.title}</h3>
              <p>{a.text}</p>
            </article>
          ))}
        </section>
      )}
      {d.leaderboard.units.length > 0 && (
        <section className="public-card">
          <h2>{SS.leaderboard}</h2>
          <p className="public-sub">{SS.unitsBoard}</p>
          <ol className="public-list">
            {d.leaderboard.units.map((u) => (
              <li key={u.name}>
                <span>{u.name}</span>
                <b>{u.avgMinutes}</b>
              </li>
            ))}
          </ol>
          {d.leaderboard.members.length > 0 && (
            <>
              <p className="public-sub">{SS.membersBoard}</p>
              <ol className="public-list">
                {d.leaderboard.members.map((m, i) => (
                  <li key={`${m.name}${i}`}>
                    <span>
                      {m.name} <small>{m.unitName}</small>
                    </span>
                    <b>{SS.minutes(m.minutes)}</b>
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      )}
      {d.events.length > 0 && (
        <section className="public-card">
          <h2>{SS.events}</h2>
          <ul className="public-list">
            {d.events.map((e, i) => (
              <li key={i}>
                <span>
                  {e.kindLabel}：{e.title}
                </span>
                <small>{when(e.startsAt)}</small>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.books.length > 0 && (
        <section className="public-card">
          <h2>{SS.books}</h2>
          <ul className="public-list">
            {d.books.map((b) => (
              <li key={b.id}>
                <span>《{b.title}》</span>
                <small>{b.authors}</small>
              </li>
            ))}
          </ul>
        </section>
      )}
      {d.reflections.length > 0 && (
        <section className="public-card">
          <h2>{SS.reflections}</h2>
          {d.reflections.map((r) => (
            <blockquote key={r.id}>
              <p>“{r.excerpt}”</p>
              <footer>— {r.author ? `${r.unitName} ${r.author}` : r.unitName}</footer>
            </blockquote>
          ))}
        </section>
      )}
      {d.quote && (
        <section className="public-card public-quote">
          <h2>{SS.quote}</h2>
          <p>{d.quote.text}</p>
          {d.quote.source && <small>—— {d.quote.source}</small>}
        </section>
      )}
    </div>
  );
}
