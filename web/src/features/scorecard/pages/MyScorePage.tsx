import { useState } from 'react';
import { Button, Card, Empty, Skeleton, Tag } from 'antd';
import { DownloadOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { memberRecordUrl } from '../../archive/api';
import { S as AS } from '../../archive/strings';
import dayjs from 'dayjs';
import { useSignedIn } from '../../../api/session';
import { TopBar } from '../../../components/TopBar';
import { certificatePdfUrl, useBreakdown, useMyCertificates } from '../api';
import { BreakdownView } from '../components/BreakdownView';
import { H, S } from '../strings';

/** The member's own year score on the phone, indicator by indicator with the records behind it. */
export default function MyScorePage() {
  const me = useSignedIn();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const q = useBreakdown(year, me.member?.id);
  const certs = useMyCertificates();
  return (
    <div>
      <TopBar title={S.myTitle} back="/me" />
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 8, padding: '8px 0' }}>
        <Button type="text" icon={<LeftOutlined />} aria-label="上一年" onClick={() => setYear(year - 1)} />
        <span style={{ fontWeight: 600 }}>{S.year(year)}</span>
        <Button type="text" icon={<RightOutlined />} aria-label="下一年" disabled={year >= thisYear} onClick={() => setYear(year + 1)} />
      </div>
      {(certs.data ?? []).length > 0 && (
        <div style={{ padding: '0 12px 12px' }}>
          <Card size="small" title={H.myCertificates} data-testid="my-certificates">
            {certs.data!.map((c) => (
              <div key={c.id} style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 40 }}>
                <span style={{ flex: 1 }}>
                  {c.issuedOn.slice(0, 4)} 年度“{c.title}” <span style={{ color: '#8c847d', fontSize: 12 }}>{c.number}</span>
                </span>
                {c.status === 'valid' ? (
                  <a href={certificatePdfUrl(c.id)} target="_blank" rel="noreferrer">
                    {H.pdf}
                  </a>
                ) : (
                  <Tag color="red">{H.revoked}</Tag>
                )}
              </div>
            ))}
          </Card>
        </div>
      )}
      <div style={{ padding: '0 12px 12px' }}>
        {!me.member ? <Empty description="您的账号未关联干部名册" /> : q.isLoading ? <Skeleton active /> : q.data ? <BreakdownView data={q.data} /> : <Empty description={S.loadFailed} />}
        {q.data && (
          <Button block icon={<DownloadOutlined />} href={memberRecordUrl(year, q.data.member.id)} style={{ marginTop: 12, height: 44 }}>
            {AS.memberRecord}
          </Button>
        )}
      </div>
    </div>
  );
}
