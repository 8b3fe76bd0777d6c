import { useEffect, useState } from 'react';
import { clearCache, feedUrl, getJson, hasContent, layoutOf, pingUrl, readCache, writeCache, type Layout, type Ping, type ScreenFeed } from './feed';
import { Slide } from './Slides';
import { SS } from './strings';

const DEFAULT_HEARTBEAT_S = 30;
/** After a failed feed request, try again sooner than the regular refresh. */
const RETRY_S = 20;

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  const p = (x: number) => String(x).padStart(2, '0');
  return (
    <span className="clock" data-testid="screen-clock">
      {p(now.getHours())}:{p(now.getMinutes())}
    </span>
  );
}

function useLayout(): Layout {
  const [layout, setLayout] = useState<Layout>(() => layoutOf(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const on = () => setLayout(layoutOf(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return layout;
}

export function ScreenApp({ token }: { token: string }) {
  const [feed, setFeed] = useState<ScreenFeed | null>(() => readCache(token));
  const [offline, setOffline] = useState(false);
  const [refused, setRefused] = useState(false);
  const [index, setIndex] = useState(0);
  const layout = useLayout();

  // Report-ins and refreshes: one chain of timeouts each, all cleared when the screen is refused or unmounted.
  useEffect(() => {
    let stopped = false;
    let pingTimer: ReturnType<typeof setTimeout> | undefined;
    let feedTimer: ReturnType<typeof setTimeout> | undefined;
    let stamp: string | null = null;
    let heartbeat = readCache(token)?.heartbeatSeconds ?? DEFAULT_HEARTBEAT_S;
    const abort = new AbortController();

    const refuse = () => {
      stopped = true;
      clearTimeout(pingTimer);
      clearTimeout(feedTimer);
      clearCache(token);
      setFeed(null);
      setRefused(true);
    };

    const loadFeed = async () => {
      clearTimeout(feedTimer);
      const r = await getJson<ScreenFeed>(feedUrl(token), abort.signal);
      if (stopped) return;
      if (r.kind === 'unauthorized') return refuse();
      if (r.kind === 'ok') {
        writeCache(token, r.value);
        heartbeat = r.value.heartbeatSeconds;
        setFeed(r.value);
        setOffline(false);
      } else setOffline(true);
      const next = r.kind === 'ok' ? r.value.refreshSeconds : RETRY_S;
      feedTimer = setTimeout(() => void loadFeed(), next * 1000);
    };

    const ping = async () => {
      const r = await getJson<Ping>(pingUrl(token), abort.signal);
      if (stopped) return;
      if (r.kind === 'unauthorized') return refuse();
      if (r.kind === 'ok') {
        setOffline(false);
        // The clerk changed the screen (playlist, theme): fetch the feed now.
        if (stamp !== null && r.value.stamp !== stamp) void loadFeed();
        stamp = r.value.stamp;
      } else setOffline(true);
      if (r.kind === 'ok') heartbeat = r.value.heartbeatSeconds;
      const every = heartbeat;
      pingTimer = setTimeout(() => void ping(), every * 1000);
    };

    void loadFeed();
    void ping();
    return () => {
      stopped = true;
      clearTimeout(pingTimer);
      clearTimeout(feedTimer);
      abort.abort();
    };
  }, [token]);

  const slides = feed ? feed.playlist.filter((p) => hasContent(p.kind, feed.data)) : [];
  const current = slides.length ? slides[index % slides.length]! : null;

  // Rotation: one timeout for the slide on show.
  useEffect(() => {
    if (!current || slides.length < 2) return;
    const t = setTimeout(() => setIndex((i) => (i + 1) % slides.length), current.seconds * 1000);
    return () => clearTimeout(t);
  }, [current, slides.length, index]);

  if (refused) {
    return (
      <div className="refused" data-testid="screen-unauthorized">
        {SS.unauthorized}
      </div>
    );
  }
  const theme = feed?.screen.theme === 'contrast' ? 'contrast' : 'default';
  return (
    <div className={`screen theme-${theme} layout-${layout}`} data-testid="screen" data-layout={layout} data-offline={offline ? '1' : '0'}>
      <header className="topbar">
        <span className="brand">{SS.brand}</span>
        {feed && <span className="unit">{feed.screen.unitName}</span>}
        {offline && (
          <span className="offline" data-testid="screen-offline" title={SS.offline}>
            ●
          </span>
        )}
        <Clock />
      </header>
      <main className="stage">
        {!feed && <p className="loading">{SS.loading}</p>}
        {feed && current && <Slide key={`${current.kind}-${index}`} kind={current.kind} data={feed.data} layout={layout} />}
      </main>
      {slides.length > 1 && layout !== 'strip' && (
        <footer className="dots">
          {slides.map((s, i) => (
            <i key={`${s.kind}${i}`} className={i === index % slides.length ? 'on' : ''} />
          ))}
        </footer>
      )}
      {feed && <span className="stamp" data-testid="screen-generated" data-at={feed.generatedAt} />}
    </div>
  );
}
