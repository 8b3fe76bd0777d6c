import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Spin } from 'antd';
import { CloseOutlined, FullscreenOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client';
import { PublicUrlWarning } from '../../../components/PublicUrlWarning';
import { fetchLive, type Live } from '../api';
import { S } from '../strings';

type Comment = Live['comments'][number];
const POLL_MS = 3000;

/**
 * The meeting-room screen of a seminar: the check-in code while check-in is open,
 * the count, and the 同事议 as they arrive. It asks every few seconds for the
 * comments after the last one it has (polling works behind any proxy and on
 * several app nodes alike), so nothing reloads.
 */
export default function LivePage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const [live, setLive] = useState<Live | null>(null);
  const [comments, setComments] = useState<Comment[]>([]);
  const [error, setError] = useState<string | null>(null);
  const last = useRef(0);
  const listEnd = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const r = await fetchLive(id, last.current);
        if (stop) return;
        setLive(r);
        setError(null);
        if (r.comments.length) {
          last.current = r.lastId;
          setComments((prev) => [...prev, ...r.comments.filter((c) => !prev.some((p) => p.id === c.id))]);
        }
      } catch (e) {
        if (!stop) setError(errorMessage(e));
      }
      if (!stop) timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [id]);
  useEffect(() => {
    listEnd.current?.scrollIntoView?.({ behavior: 'smooth', block: 'end' });
  }, [comments.length]);
  const speakerName = (sid: number) => live?.speakers.find((s) => s.id === sid)?.name ?? '';
  return (
    <div data-testid="live" style={{ position: 'fixed', inset: 0, zIndex: 1000, background: 'linear-gradient(160deg,#8f1d1d 0%,#b3261e 55%,#c7412f 100%)', color: '#fff', display: 'flex', flexDirection: 'column' }}>
      <PublicUrlWarning overlay />
      <div style={{ position: 'absolute', top: 12, right: 12, display: 'flex', gap: 8, opacity: 0.7 }}>
        <Button ghost icon={<FullscreenOutlined />} onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
          {S.live.fullscreen}
        </Button>
        <Button ghost icon={<CloseOutlined />} onClick={() => void navigate(`/console/seminars/${id}`)}>
          {S.live.exit}
        </Button>
      </div>
      {!live ? (
        error ? <div style={{ margin: 'auto', fontSize: 28 }}>{error}</div> : <Spin size="large" style={{ margin: 'auto' }} />
      ) : (
        <>
          <div style={{ textAlign: 'center', padding: '3vh 4vw 1vh' }}>
            <div style={{ fontSize: 'clamp(26px, 3.4vw, 60px)', fontWeight: 700, letterSpacing: 2 }} data-testid="live-theme">
              {live.theme}
            </div>
            <div style={{ fontSize: 'clamp(14px, 1.5vw, 26px)', opacity: 0.9, marginTop: 6 }}>
              {[`${live.date} ${live.start}—${live.end}`, live.place, `主持：${live.chairName}`].filter(Boolean).join(' · ')}
            </div>
          </div>
          <div style={{ flex: 1, display: 'flex', gap: '3vw', padding: '1vh 4vw 4vh', minHeight: 0 }}>
            <div style={{ width: 'min(34vw, 46vh)', display: 'flex', flexDirection: 'column', gap: 16 }}>
              <div style={{ background: '#fff', color: '#2b2b2b', borderRadius: 16, padding: '2vh', textAlign: 'center' }}>
                {live.qrSvg && live.code ? (
                  <>
                    <div data-testid="live-qr" data-url={live.code.url} style={{ width: '100%', aspectRatio: '1' }} dangerouslySetInnerHTML={{ __html: live.qrSvg.replace('<svg', '<svg width="100%" height="100%"') }} />
                    <div style={{ fontSize: 'clamp(14px, 1.4vw, 26px)', fontWeight: 600 }}>{S.live.scan}</div>
                  </>
                ) : (
                  <div style={{ padding: '4vh 0', fontSize: 'clamp(16px, 1.6vw, 28px)' }}>{live.sessionStatus === 'open' ? S.live.scan : S.live.notOpen}</div>
                )}
              </div>
              <div>
                <div style={{ opacity: 0.85, fontSize: 'clamp(14px, 1.3vw, 24px)' }}>{S.live.checkedIn}</div>
                <div data-testid="live-count" style={{ fontSize: 'clamp(48px, 6vw, 120px)', fontWeight: 800, lineHeight: 1 }}>
                  {live.counts.checkedIn}
                  <span style={{ fontSize: '0.35em', fontWeight: 400, opacity: 0.85 }}> / {live.counts.expected} 人</span>
                </div>
              </div>
              <div style={{ fontSize: 'clamp(13px, 1.2vw, 22px)', opacity: 0.9, lineHeight: 1.7 }}>
                {S.live.speakers}：{live.speakers.map((s) => s.name).join('、') || '—'}
              </div>
            </div>
            <div style={{ flex: 1, minWidth: 0, background: 'rgba(255,255,255,0.1)', borderRadius: 16, padding: '2vh 2vw', overflow: 'auto' }}>
              <div style={{ fontSize: 'clamp(18px, 1.8vw, 32px)', fontWeight: 600, marginBottom: 12 }}>
                {S.live.comments}（{comments.length}）
              </div>
              {comments.length === 0 && <div style={{ opacity: 0.75, fontSize: 'clamp(16px, 1.5vw, 28px)' }}>{S.live.waiting}</div>}
              {comments.map((c) => (
                <div key={c.id} data-testid="live-comment" style={{ background: '#fff', color: '#2b2b2b', borderRadius: 12, padding: '1.2vh 1.2vw', marginBottom: 10, fontSize: 'clamp(16px, 1.5vw, 28px)', lineHeight: 1.5 }}>
                  <div style={{ fontSize: '0.7em', color: '#8c847d' }}>
                    {c.name}（{c.unitName}）评 {speakerName(c.speakerId)} · {c.time.slice(6)}
                  </div>
                  {c.body}
                </div>
              ))}
              <div ref={listEnd} />
            </div>
          </div>
        </>
      )}
    </div>
  );
}
