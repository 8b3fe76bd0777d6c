import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Popconfirm, Select, Skeleton, Space, Table, Tag } from 'antd';
import { DesktopOutlined, DownloadOutlined, LeftOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client';
import { toastSuccess } from '../../../components/feedback';
import { minutesUrl, useAddSpeaker, useCandidates, useRemoveSpeaker, useSeminar, useSeminarAction, type SeminarDetail } from '../api';
import { EvaluationForm } from '../components/EvaluationForm';
import { SpeakerCard } from '../components/SpeakerCard';
import { S } from '../strings';

type SheetRow = SeminarDetail['sheet'][number];
const STATUS_COLOR: Record<string, string> = { present: 'green', late: 'orange', leave: 'blue', absent: 'red', pending: 'default' };

/** One seminar on the desktop: the record as it grows, the clerk's actions, the chair's 书记评 and sign-off, the minutes. */
export default function SeminarConsolePage() {
  const id = Number(useParams().id);
  const q = useSeminar(id, true);
  const act = useSeminarAction();
  const add = useAddSpeaker();
  const remove = useRemoveSpeaker();
  const [pick, setPick] = useState<number | null>(null);
  const cand = useCandidates(q.data?.me.canSchedule ? q.data.unitId : undefined);
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <Alert type="error" title={errorMessage(q.error)} />;
  const d = q.data;
  const editable = d.status === 'scheduled';
  const run = (action: 'open' | 'close' | 'cancel' | 'sign-off', done?: string) => act.mutate({ id, action }, { onSuccess: () => done && toastSuccess(done) });
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16, maxWidth: 1100 }}>
      <div>
        <Link to="/console/seminars">
          <LeftOutlined /> {S.console.back}
        </Link>
      </div>
      <Card
        title={
          <span data-testid="seminar-title">
            {d.theme} <Tag color={d.status === 'signed' ? 'red' : d.status === 'cancelled' ? 'default' : 'blue'}>{d.statusLabel}</Tag>
            {d.status === 'scheduled' && <Tag color={d.sessionStatus === 'open' ? 'green' : 'default'}>{d.sessionStatusLabel}</Tag>}
          </span>
        }
        extra={
          <Space wrap>
            {d.me.canSchedule && editable && d.sessionStatus !== 'open' && d.sessionStatus !== 'cancelled' && (
              <Button onClick={() => run('open')} data-testid="seminar-open">
                {S.console.open}
              </Button>
            )}
            {d.me.canSchedule && editable && d.sessionStatus === 'open' && <Button onClick={() => run('close')}>{S.console.close}</Button>}
            {(d.me.canSchedule || d.me.isChair) && d.status !== 'cancelled' && (
              <Link to={`/console/seminars/${id}/live`} data-testid="seminar-live">
                <Button icon={<DesktopOutlined />}>{S.console.live}</Button>
              </Link>
            )}
            <a href={minutesUrl(id)} data-testid="seminar-minutes">
              <Button icon={<DownloadOutlined />}>{S.console.minutes}</Button>
            </a>
            {d.me.canEvaluate && (
              <Popconfirm title={S.console.signOffConfirm} onConfirm={() => run('sign-off', S.console.signed)} okButtonProps={{ 'data-testid': 'sign-off-confirm' }}>
                <Button type="primary" danger data-testid="sign-off">
                  {S.console.signOff}
                </Button>
              </Popconfirm>
            )}
            {d.me.canSchedule && editable && (
              <Popconfirm title={S.console.cancelConfirm} onConfirm={() => run('cancel')}>
                <Button danger>{S.console.cancel}</Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={S.console.date}>{`${dayjs(d.startsAt).format('YYYY年M月D日 ddd')} ${d.start}—${d.end}`}</Descriptions.Item>
          <Descriptions.Item label={S.console.place}>{d.place || '—'}</Descriptions.Item>
          <Descriptions.Item label={S.console.chairField}>{d.chairName}</Descriptions.Item>
          <Descriptions.Item label={S.console.organiser}>{d.unitName}</Descriptions.Item>
          <Descriptions.Item label={S.console.sheet}>{S.console.counts(d.counts)}</Descriptions.Item>
          <Descriptions.Item label={S.seminar.comments}>{S.seminar.commentUntil(dayjs(d.commentUntil).format('M月D日 HH:mm'))}</Descriptions.Item>
        </Descriptions>
        {!d.me.isChair && d.status === 'scheduled' && <div style={{ color: '#8c847d', fontSize: 13 }}>{S.console.onlyChair(d.chairName)}</div>}
      </Card>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(460px, 1fr))', gap: 12 }}>
        {d.speakers.map((sp) => (
          <SpeakerCard key={sp.id} d={d} sp={sp} showCommentBox={false}>
            {d.me.canEvaluate && <EvaluationForm key={sp.version} d={d} sp={sp} />}
            {d.me.canSchedule && editable && sp.comments.length === 0 && !sp.evaluatedAt && (
              <Popconfirm title={`${S.console.remove}${sp.name}？`} onConfirm={() => remove.mutate({ id, speakerId: sp.id })}>
                <Button size="small" type="link" danger>
                  {S.console.remove}
                </Button>
              </Popconfirm>
            )}
          </SpeakerCard>
        ))}
      </div>
      {d.me.canSchedule && editable && (
        <Space>
          <Select
            style={{ width: 320 }}
            placeholder={S.console.addSpeaker}
            showSearch={{ optionFilterProp: 'label' }}
            value={pick}
            onChange={setPick}
            options={(cand.data?.members ?? []).filter((m) => !d.speakers.some((sp) => sp.memberId === m.id)).map((m) => ({ value: m.id, label: `${m.name}（${m.unitName}）` }))}
          />
          <Button disabled={!pick} loading={add.isPending} onClick={() => pick && add.mutate({ id, memberId: pick }, { onSuccess: () => setPick(null) })}>
            {S.console.addSpeaker}
          </Button>
        </Space>
      )}
      {d.sheet.length > 0 && (
        <Card size="small" title={S.console.sheet} styles={{ body: { padding: 0 } }}>
          <Table<SheetRow>
            rowKey="memberId"
            size="small"
            dataSource={d.sheet}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: '序号', dataIndex: 'no', width: 60 },
              { title: '姓名', dataIndex: 'name', width: 100 },
              { title: '单位', dataIndex: 'unitName' },
              { title: '签到时间', dataIndex: 'checkedAt', width: 100, render: (v: string | null) => (v ? dayjs(v).format('HH:mm') : '') },
              { title: '状态', dataIndex: 'statusLabel', width: 160, render: (v: string, r) => <Tag color={STATUS_COLOR[r.status]}>{v}{r.leaveReason ? `（${r.leaveReason}）` : ''}</Tag> },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
