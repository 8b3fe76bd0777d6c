import { useParams, useSearchParams } from 'react-router';
import { Card, Descriptions, Result, Skeleton, Typography } from 'antd';
import { useVerify } from '../api';
import { V } from '../strings';

const STATUS = {
  valid: { status: 'success', title: V.valid },
  revoked: { status: 'warning', title: V.revoked },
  unknown: { status: 'error', title: V.unknown },
  invalid: { status: 'error', title: V.invalid },
} as const;

/** The public page a certificate's QR code opens: valid, revoked, unknown or invalid, said plainly. */
export default function VerifyPage() {
  const { number = '' } = useParams();
  const [params] = useSearchParams();
  const p = params.get('p');
  const s = params.get('s');
  const q = useVerify(number, p, s);
  const r = q.data;
  return (
    <div style={{ minHeight: '100vh', background: '#f6f4f1', padding: '24px 12px' }}>
      <main style={{ maxWidth: 560, margin: '0 auto' }}>
        <Typography.Title level={4} style={{ textAlign: 'center', color: '#9e1b1b' }}>
          {V.site}
        </Typography.Title>
        <Card>
          {q.isLoading ? (
            <Skeleton active />
          ) : !r ? (
            <Result status="error" title={V.unknown} />
          ) : (
            <>
              <Result status={STATUS[r.status].status} title={<span data-testid="verify-status">{STATUS[r.status].title}</span>} subTitle={r.message} style={{ padding: '16px 0' }} />
              {r.certificate && (
                <Descriptions column={1} size="small" bordered>
                  <Descriptions.Item label={V.number}>{r.certificate.number}</Descriptions.Item>
                  <Descriptions.Item label={V.name}>{r.certificate.name}</Descriptions.Item>
                  <Descriptions.Item label={V.unit}>{r.certificate.unit}</Descriptions.Item>
                  <Descriptions.Item label={V.certTitle}>{r.certificate.title}</Descriptions.Item>
                  <Descriptions.Item label={V.date}>{r.certificate.date}</Descriptions.Item>
                  {r.certificate.revokedAt && <Descriptions.Item label={V.revokedAt}>{r.certificate.revokedAt.slice(0, 10)}</Descriptions.Item>}
                  {r.certificate.revokeReason && <Descriptions.Item label={V.revokeReason}>{r.certificate.revokeReason}</Descriptions.Item>}
                </Descriptions>
              )}
              {r.certificate && r.status !== 'invalid' && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
                  {p && s ? V.signed(r.certificate.keyId) : V.noPayload}{' '}
                  <a href="/api/verify-keys" target="_blank" rel="noreferrer">
                    {V.keys}
                  </a>
                </Typography.Paragraph>
              )}
            </>
          )}
        </Card>
      </main>
    </div>
  );
}
