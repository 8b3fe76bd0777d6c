import { useState } from 'react';
import { Button, Empty, Skeleton } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useSignedIn } from '../../../api/session';
import { TopBar } from '../../../components/TopBar';
import { useBreakdown } from '../api';
import { BreakdownView } from '../components/BreakdownView';
import { S } from '../strings';

/** The member's own year score on the phone, indicator by indicator with the records behind it. */
export default function MyScorePage() {
  const me = useSignedIn();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const q = useBreakdown(year, me.member?.id);
  return (
    <div>
      <TopBar title={S.myTitle} back="/me" />
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', gap: 8, padding: '8px 0' }}>
        <Button type="text" icon={<LeftOutlined />} aria-label="上一年" onClick={() => setYear(year - 1)} />
        <span style={{ fontWeight: 600 }}>{S.year(year)}</span>
        <Button type="text" icon={<RightOutlined />} aria-label="下一年" disabled={year >= thisYear} onClick={() => setYear(year + 1)} />
      </div>
      <div style={{ padding: '0 12px 12px' }}>
        {!me.member ? <Empty description="您的账号未关联干部名册" /> : q.isLoading ? <Skeleton active /> : q.data ? <BreakdownView data={q.data} /> : <Empty description={S.loadFailed} />}
      </div>
    </div>
  );
}
