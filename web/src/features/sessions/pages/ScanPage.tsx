import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Result, Spin } from 'antd';
import { errorMessage } from '../../../api/client';
import { useScan, type CheckInResult } from '../api';
import { S } from '../strings';

const BIG = { height: 52, fontSize: 18, borderRadius: 10 } as const;

/** Where a session's QR code lands: checks the member in at once and says so, or says why not. */
export default function ScanPage() {
  const { sessionId, token } = useParams();
  const scan = useScan();
  const [result, setResult] = useState<{ ok: true; data: CheckInResult } | { ok: false; text: string } | null>(null);
  const sent = useRef(false);
  const id = Number(sessionId);
  const malformed = !Number.isInteger(id) || !token;

  useEffect(() => {
    if (sent.current || malformed) return;
    sent.current = true;
    scan.mutateAsync({ id, token }).then(
      (data) => setResult({ ok: true, data }),
      (e) => setResult({ ok: false, text: errorMessage(e) }),
    );
  }, [scan, id, token, malformed]);

  const shown = malformed ? ({ ok: false, text: '签到码无效，请扫描会场屏幕上的二维码' } as const) : result;
  return (
    <div style={{ padding: 16, minHeight: '70vh', display: 'flex', flexDirection: 'column', justifyContent: 'center' }}>
      {!shown ? (
        <div style={{ textAlign: 'center', padding: 48 }}>
          <Spin size="large" />
          <div style={{ marginTop: 16, fontSize: 16 }}>{S.scanning}</div>
        </div>
      ) : shown.ok ? (
        <Result
          status="success"
          data-testid="scan-result"
          title={<span data-testid="scan-title">{S.scanOk}</span>}
          subTitle={
            <div style={{ fontSize: 16, lineHeight: 1.8 }}>
              <div style={{ color: '#2b2b2b', fontWeight: 600 }}>{shown.data.topic}</div>
              <div data-testid="scan-time" style={{ fontSize: 28, color: '#1f6b35', fontWeight: 700 }}>
                {S.scanOkAt(shown.data.time)}
              </div>
              {shown.data.status === 'late' && <div style={{ color: '#b35c00' }}>{S.scanLate}</div>}
              <div>{S.minutesCredited(shown.data.minutes)}</div>
            </div>
          }
          extra={
            <Link to="/study/sessions">
              <Button block size="large" style={BIG}>
                {S.toMySessions}
              </Button>
            </Link>
          }
        />
      ) : (
        <Result
          status="warning"
          data-testid="scan-result"
          title={<span data-testid="scan-title">{S.scanFail}</span>}
          subTitle={
            <div data-testid="scan-reason" style={{ fontSize: 17, color: '#b32218', fontWeight: 600 }}>
              {shown.text}
            </div>
          }
          extra={
            <Link to="/study/sessions">
              <Button block size="large" style={BIG}>
                {S.toMySessions}
              </Button>
            </Link>
          }
        />
      )}
    </div>
  );
}
