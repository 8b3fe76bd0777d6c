import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FeedData, Layout } from './feed';
import { SS } from './strings';

/**
 * Shows as many of the items as fit in the box: after each render, one fewer while
 * the box overflows. Whatever the panel's size, nothing is cut off or scrolls.
 */
function useFit<T, E extends HTMLElement = HTMLDivElement>(items: T[]): [T[], React.RefObject<E | null>] {
  const ref = useRef<E>(null);
  const [n, setN] = useState(items.length);
  const [seen, setSeen] = useState(items);
  if (seen !== items) {
    setSeen(items);
    setN(items.length);
  }
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || n <= 1) return;
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) setN((x) => x - 1);
  }, [n, seen]);
  return [items.slice(0, n), ref];
}

const pct = (v: number | null) => (v === null ? SS.noValue : `${Math.round(v * 100)}%`);
const hm = (iso: string) => {
  const d = new Date(iso);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
};

function Frame({ title, layout, children }: { title: string; layout: Layout; children: ReactNode }) {
  return (
    <section className={`slide slide-${layout}`} data-testid="screen-slide">
      <h2 className="slide-title">{title}</h2>
      <div className="slide-body">{children}</div>
    </section>
  );
}

function MonthSlide({ d, layout }: { d: FeedData; layout: Layout }) {
  const m = d.month;
  const tiles = [
    { label: SS.booksFinished, value: String(m.booksFinished), unit: SS.booksUnit },
    { label: SS.hours, value: String(Math.round(m.minutes / 60)), unit: SS.hoursUnit },
    { label: SS.compliance, value: pct(m.compliance), unit: '' },
    { label: SS.attendance, value: pct(m.attendance), unit: '' },
  ];
  return (
    <Frame title={SS.monthTitle(m.month)} layout={layout}>
      <div className="tiles" data-fit>
        {tiles.map((t) => (
          <div className="tile" key={t.label}>
            <div className="tile-value">
              {t.value}
              {t.unit && <small>{t.unit}</small>}
            </div>
            <div className="tile-label">{t.label}</div>
          </div>
        ))}
      </div>
      {layout !== 'strip' && (
        <p className="note">
          {SS.members(m.members)}
          {m.booksPerMonth} {SS.booksUnit}
        </p>
      )}
    </Frame>
  );
}

function LeaderboardSlide({ d, layout }: { d: FeedData; layout: Layout }) {
  const [units, ref] = useFit<FeedData['leaderboard']['units'][number], HTMLOListElement>(d.leaderboard.units);
  const [members, mref] = useFit<FeedData['leaderboard']['members'][number], HTMLOListElement>(d.leaderboard.members);
  const max = Math.max(1, ...d.leaderboard.units.map((u) => u.avgMinutes));
  return (
    <Frame title={SS.leaderboard} layout={layout}>
      <div className={`board board-${d.leaderboard.members.length ? 'two' : 'one'}`}>
        <div className="board-col">
          {layout !== 'strip' && <h3>{SS.unitsBoard}</h3>}
          <ol className="bars" ref={ref} data-fit>
            {units.map((u, i) => (
              <li key={u.name}>
                <span className="rank">{i + 1}</span>
                <span className="name">{u.name}</span>
                <span className="bar">
                  <i style={{ width: `${Math.max(4, (u.avgMinutes / max) * 100)}%` }} />
                </span>
                <span className="num">{u.avgMinutes}</span>
              </li>
            ))}
          </ol>
        </div>
        {d.leaderboard.members.length > 0 && (
          <div className="board-col">
            {layout !== 'strip' && <h3>{SS.membersBoard}</h3>}
            <ol className="people" ref={mref} data-fit>
              {members.map((m, i) => (
                <li key={`${m.name}${i}`}>
                  <span className="rank">{i + 1}</span>
                  <span className="name">{m.name}</span>
                  <span className="sub">{m.unitName}</span>
                  <span className="num">{SS.minutes(m.minutes)}</span>
                </li>
              ))}
            </ol>
          </div>
        )}
      </div>
    </Frame>
  );
}

const CATEGORY_HUE: Record<string, number> = { 思想理论: 0, 主题教育: 12, 业务: 210, 经济: 35, 文化: 280, 历史: 25, 法律: 230, 哲学: 160, 科技: 190 };

function BooksSlide({ d, layout }: { d: FeedData; layout: Layout }) {
  const [books, ref] = useFit(d.books);
  return (
    <Frame title={SS.books} layout={layout}>
      <div className="books" ref={ref} data-fit>
        {books.map((b) => (
          <figure className="book" key={b.id}>
            {b.cover ? (
              <img className="cover" src={b.cover} alt="" />
            ) : (
              <div className="cover cover-made" style={{ ['--hue' as string]: CATEGORY_HUE[b.category] ?? 340 }}>
                <span>{b.title}</span>
              </div>
            )}
            <figcaption>
              <b>{b.title}</b>
              <span>
                {b.recommended ? SS.recommended : SS.newBook} · {b.authors || b.category}
              </span>
            </figcaption>
          </figure>
        ))}
      </div>
    </Frame>
  );
}

function ReflectionsSlide({ d, layout }: { d: FeedData; layout: Layout }) {
  const [items, ref] = useFit(d.reflections);
  return (
    <Frame title={SS.reflections} layout={layout}>
      <div className="excerpts" ref={ref} data-fit>
        {items.map((r) => (
          <blockquote key={r.id}>
            <p className="excerpt">“{r.excerpt}”</p>
            <footer>
              《{r.title}》{r.bookTitle ? ` · 读《${r.bookTitle}》` : ''} — {r.author ? `${r.unitName} ${r.author}` : r.unitName}
            </footer>
          </blockquote>
        ))}
      </div>
    </Frame>
  );
}

function EventsSlide({ d, layout }: { d: FeedData; layout: Layout }) {
  const [items, ref] = useFit<FeedData['events'][number], HTMLUListElement>(d.events);
  return (
    <Frame title={SS.events} layout={layout}>
      {d.events.length === 0 ? (
        <p className="empty">{SS.noEvents}</p>
      ) : (
        <ul className="events" ref={ref} data-fit>
          {items.map((e, i) => (
            <li key={`${e.startsAt}${i}`}>
              <span className="when">{hm(e.startsAt)}</span>
              <span className="tag">{e.kindLabel}</span>
              <span className="what">{e.title}</span>
              {e.place && <span className="where">{e.place}</span>}
            </li>
          ))}
        </ul>
      )}
    </Frame>
  );
}

function AnnouncementsSlide({ d, layout }: { d: FeedData; layout: Layout }) {
  const first = d.announcements[0]!;
  const rest = useMemo(() => d.announcements.slice(1), [d.announcements]);
  const [others, ref] = useFit<FeedData['announcements'][number], HTMLUListElement>(rest);
  const image = first.images[0];
  return (
    <Frame title={SS.announcements} layout={layout}>
      <div className={`notice ${image ? 'with-image' : ''}`}>
        {image && <img className="notice-image" src={image.url} alt="" />}
        <div className="notice-text">
          <h3>
            {first.pinned && <span className="pin">置顶</span>}
            {first.title}
          </h3>
          {layout !== 'strip' && <p className="notice-body">{first.text}</p>}
          {layout !== 'strip' && rest.length > 0 && (
            <ul className="notice-more" ref={ref}>
              {others.map((a) => (
                <li key={a.id}>{a.title}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Frame>
  );
}

function QuoteSlide({ d, layout }: { d: FeedData; layout: Layout }) {
  const q = d.quote!;
  return (
    <Frame title={SS.quote} layout={layout}>
      <figure className="quote">
        <blockquote>{q.text}</blockquote>
        {q.source && <figcaption>—— {q.source}</figcaption>}
      </figure>
    </Frame>
  );
}

function JoinSlide({ d, layout }: { d: FeedData; layout: Layout }) {
  return (
    <Frame title={SS.join} layout={layout}>
      <div className="join">
        <img className="qr" src={d.join.svg} alt={d.join.url} data-testid="screen-join-qr" />
        <div>
          <p className="join-hint">{SS.joinHint}</p>
          {layout !== 'strip' && <p className="join-url">{d.join.url}</p>}
        </div>
      </div>
    </Frame>
  );
}

export function Slide({ kind, data, layout }: { kind: string; data: FeedData; layout: Layout }) {
  switch (kind) {
    case 'month':
      return <MonthSlide d={data} layout={layout} />;
    case 'leaderboard':
      return <LeaderboardSlide d={data} layout={layout} />;
    case 'books':
      return <BooksSlide d={data} layout={layout} />;
    case 'reflections':
      return <ReflectionsSlide d={data} layout={layout} />;
    case 'events':
      return <EventsSlide d={data} layout={layout} />;
    case 'announcements':
      return <AnnouncementsSlide d={data} layout={layout} />;
    case 'quote':
      return <QuoteSlide d={data} layout={layout} />;
    case 'join':
      return <JoinSlide d={data} layout={layout} />;
    default:
      return null;
  }
}
