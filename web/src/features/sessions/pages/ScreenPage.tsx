import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Spin } from 'antd';
import { CloseOutlined, FullscreenOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client';
import { toastError } from '../../../components/feedback';
import { PublicUrlWarning } from '../../../components/PublicUrlWarning';
import { useScreen, useSessionAction } from '../api';
import { S } from '../strings';

/** The meeting-room screen: a rotating QR code, the topic and time, and the live count. Fills a TV. */
export default function ScreenPage() {
  const id = Number(useParams().id);
  const q = useScreen(id);
  const act = useSessionAction();
  const navigate = useNavigate();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = q.data ? Math.max(1, q.data.secondsLeft - Math.floor((now - q.dataUpdatedAt) / 1000)) : 0;

  const wrap = (children: React.ReactNode) => (
    <div data-testid="screen" style={{ position: 'fixed', inset: 0, zIndex: 1000, background: 'linear-gradient(160deg,#8f1d1d 0%,#b3261e 55%,#c7412f 100%)', color: '#fff', display: 'flex', flexDirection: 'column' }}>
      <div style={{ position: 'absolute', top: 12, right: 12, display: 'flex', gap: 8, opacity: 0.7 }}>
        <Button ghost icon={<FullscreenOutlined />} onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
          {S.fullscreen}
        </Button>
        <Button ghost icon={<CloseOutlined />} onClick={() => void navigate('/console/sessions')}>
          {S.exitScreen}
        </Button>
      </div>
      <PublicUrlWarning overlay />
      {children}
    </div>
  );

  if (q.isPending) return wrap(<Spin size="large" style={{ margin: 'auto' }} />);
  if (q.isError) return wrap(<div style={{ margin: 'auto', fontSize: 32 }}>{errorMessage(q.error)}</div>);
  const d = q.data;
  const s = d.session;
  return wrap(
    <>
      <div style={{ textAlign: 'center', padding: '4vh 4vw 2vh' }}>
        <div style={{ fontSize: 'clamp(28px, 4.2vw, 72px)', fontWeight: 700, letterSpacing: 2, lineHeight: 1.25 }} data-testid="screen-topic">
          {s.topic}
        </div>
        <div style={{ fontSize: 'clamp(16px, 1.8vw, 32px)', marginTop: 12, opacity: 0.92 }}>
          {[`${dayjs(s.startsAt).format('YYYY年M月D日')} ${s.start}—${s.end}`, s.place, s.host ? `主持：${s.host}` : ''].filter(Boolean).join(' · ')}
        </div>
      </div>
      <div style={{ flex: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', gap: '5vw', padding: '0 4vw 4vh', minHeight: 0 }}>
        <div style={{ background: '#fff', borderRadius: 16, padding: '2vh', textAlign: 'center', color: '#2b2b2b' }}>
          {d.qrSvg && d.url ? (
            <>
              <div data-testid="screen-qr" data-url={d.url} style={{ width: 'min(56vh, 40vw)', height: 'min(56vh, 40vw)' }} dangerouslySetInnerHTML={{ __html: d.qrSvg.replace('<svg', '<svg width="100%" height="100%"') }} />
              <div style={{ fontSize: 'clamp(16px, 1.6vw, 30px)', fontWeight: 600, marginTop: 8 }}>{S.scanToCheckIn}</div>
              <div style={{ fontSize: 'clamp(12px, 1vw, 20px)', color: '#8c847d' }}>
                {S.scanHint} · {S.refreshIn(left)}
              </div>
            </>
          ) : (
            <div style={{ width: 'min(56vh, 40vw)', height: 'min(56vh, 40vw)', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 24 }}>
              <div style={{ fontSize: 'clamp(20px, 2.2vw, 40px)' }}>{s.status === 'closed' ? '签到已结束' : s.status === 'cancelled' ? '本次集中学习已取消' : S.notOpen}</div>
              {s.status === 'scheduled' && (
                <Button type="primary" size="large" onClick={() => act.mutate({ id, action: 'open' }, { onError: toastError })} data-testid="screen-open">
                  {S.openNow}
                </Button>
              )}
            </div>
          )}
        </div>
        <div style={{ minWidth: '22vw' }}>
          <div style={{ fontSize: 'clamp(16px, 1.6vw, 30px)', opacity: 0.85 }}>{S.checkedIn}</div>
          <div data-testid="screen-count" style={{ fontSize: 'clamp(64px, 9vw, 180px)', fontWeight: 800, lineHeight: 1 }}>
            {d.counts.checkedIn}
            <span style={{ fontSize: '0.35em', fontWeight: 400, opacity: 0.85 }}> / {d.counts.expected} 人</span>
          </div>
          {(d.counts.leave > 0 || d.counts.late > 0) && (
            <div style={{ fontSize: 'clamp(14px, 1.3vw, 26px)', opacity: 0.85, marginTop: 8 }}>
              {S.late} {d.counts.late} · {S.leave} {d.counts.leave}
            </div>
          )}
          <div style={{ marginTop: '3vh', fontSize: 'clamp(14px, 1.3vw, 26px)', opacity: 0.85 }}>{S.recent}</div>
          <div style={{ fontSize: 'clamp(16px, 1.5vw, 28px)', lineHeight: 1.7 }}>
            {d.recent.map((r) => (
              <div key={`${r.name}${r.time}`}>
                {r.name} <span style={{ opacity: 0.75 }}>{r.time}</span>
              </div>
            ))}
          </div>
        </div>
      </div>
    </>,
  );
}
