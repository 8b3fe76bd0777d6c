import { useState } from 'react';
import { Button, Card, Empty, Input, Modal, Skeleton, Tag } from 'antd';
import { ClockCircleOutlined, EnvironmentOutlined, UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client';
import { toastSuccess } from '../../../components/feedback';
import { TopBar } from '../../../components/TopBar';
import { useAskLeave, useMySessions, type MySession } from '../api';
import { S } from '../strings';

export const STATUS_COLOR: Record<string, string> = { present: 'green', late: 'orange', leave: 'blue', absent: 'red', pending: 'default' };

function when(s: MySession) {
  return `${dayjs(s.startsAt).format('M月D日 ddd')} ${s.start}—${s.end}`;
}

function SessionCard({ s, onLeave }: { s: MySession; onLeave?: () => void }) {
  return (
    <Card size="small" data-testid="my-session" styles={{ body: { padding: 14 } }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ fontSize: 16, fontWeight: 600, lineHeight: 1.4 }}>{s.topic}</div>
          <div style={{ color: '#6b6560', fontSize: 13, marginTop: 4, lineHeight: 1.8 }}>
            <div>
              <ClockCircleOutlined /> {when(s)} · {S.minutes(s.minutes)}
            </div>
            {s.place && (
              <div>
                <EnvironmentOutlined /> {s.place}
              </div>
            )}
            {s.host && (
              <div>
                <UserOutlined /> {S.host}：{s.host}
              </div>
            )}
          </div>
        </div>
        {s.checkedAt ? (
          <Tag color={STATUS_COLOR[s.myStatus]}>
            {s.myStatusLabel} {dayjs(s.checkedAt).format('HH:mm')}
          </Tag>
        ) : s.leave ? (
          <Tag color={s.leave.status === 'approved' ? 'blue' : s.leave.status === 'rejected' ? 'red' : 'gold'}>
            {S.leave}{s.leave.statusLabel}
          </Tag>
        ) : s.myStatus !== 'pending' ? (
          <Tag color={STATUS_COLOR[s.myStatus]}>{s.myStatusLabel}</Tag>
        ) : null}
      </div>
      {s.leave?.note && <div style={{ marginTop: 6, color: '#8c847d', fontSize: 13 }}>{s.leave.note}</div>}
      {onLeave && !s.checkedAt && s.leave?.status !== 'approved' && (
        <Button style={{ marginTop: 10 }} block onClick={onLeave} data-testid="ask-leave">
          {s.leave ? `${S.askLeave}（重新提交）` : S.askLeave}
        </Button>
      )}
    </Card>
  );
}

/** 我的集中学习: what is coming (ask for leave there), and how I attended this year. */
export default function MySessionsPage() {
  const q = useMySessions();
  const ask = useAskLeave();
  const [leaveFor, setLeaveFor] = useState<MySession | null>(null);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<string | null>(null);

  const submit = async () => {
    if (!leaveFor) return;
    setErr(null);
    try {
      await ask.mutateAsync({ id: leaveFor.id, reason });
      toastSuccess(S.leaveSent);
      setLeaveFor(null);
      setReason('');
    } catch (e) {
      setErr(errorMessage(e));
    }
  };

  return (
    <>
      <TopBar title={S.mySessions} back="/study" />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 10 }}>
        {q.isPending ? (
          <Skeleton active />
        ) : q.isError ? (
          <Empty description={errorMessage(q.error)} />
        ) : (
          <>
            <Card size="small">
              <div style={{ fontSize: 13, color: '#6b6560', marginBottom: 6 }}>{S.yearTally}</div>
              <div style={{ display: 'flex', justifyContent: 'space-around', textAlign: 'center' }}>
                {(
                  [
                    ['正常', q.data.year.present, '#1f6b35'],
                    [S.late, q.data.year.late, '#b35c00'],
                    [S.leave, q.data.year.leave, '#1d5fa8'],
                    [S.absent, q.data.year.absent, '#b32218'],
                  ] as const
                ).map(([label, n, color]) => (
                  <div key={label}>
                    <div style={{ fontSize: 22, fontWeight: 700, color }}>{n}</div>
                    <div style={{ fontSize: 12, color: '#8c847d' }}>{label}</div>
                  </div>
                ))}
              </div>
            </Card>
            <h2 style={{ fontSize: 15, margin: '8px 4px 0' }}>{S.upcoming}</h2>
            {q.data.upcoming.length === 0 ? <Empty description={S.noUpcoming} /> : q.data.upcoming.map((s) => <SessionCard key={s.id} s={s} onLeave={() => setLeaveFor(s)} />)}
            <h2 style={{ fontSize: 15, margin: '8px 4px 0' }}>{S.past}</h2>
            {q.data.past.length === 0 ? <Empty description={S.noPast} /> : q.data.past.map((s) => <SessionCard key={s.id} s={s} />)}
          </>
        )}
      </div>
      <Modal open={Boolean(leaveFor)} title={`${S.askLeave}：${leaveFor?.topic ?? ''}`} onCancel={() => setLeaveFor(null)} onOk={() => void submit()} okText={S.submit} cancelText={S.cancel} confirmLoading={ask.isPending}>
        <Input.TextArea rows={3} value={reason} maxLength={500} placeholder={S.leaveReasonHint} onChange={(e) => setReason(e.target.value)} aria-label={S.leaveReason} />
        {err && <div style={{ color: '#b32218', marginTop: 8 }}>{err}</div>}
      </Modal>
    </>
  );
}
