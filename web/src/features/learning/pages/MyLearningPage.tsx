import { useState } from 'react';
import { Button, Card, Empty, Image, Popconfirm, Skeleton, Tabs, Tag } from 'antd';
import { DeleteOutlined, EditOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { toastSuccess } from '../../../components/feedback';
import { fileUrl, useDeleteOnline, useDeletePractice, useLearningOptions, useMyLearning, type LearningOptions, type OnlineRecord, type PracticeRecord } from '../api';
import { OnlineForm } from '../components/OnlineForm';
import { PracticeForm } from '../components/PracticeForm';
import { TopBar } from '../../../components/TopBar';
import { fmtDay, S } from '../strings';

/** Whether the member may still change a record: their own entry, its day inside the window. */
const editable = (opts: LearningOptions, day: string, source = 'self') => source !== 'import' && !dayjs(day).isBefore(dayjs(opts.today).subtract(opts.backfillDays, 'day'), 'day');

const row = { display: 'flex', gap: 12, padding: '12px 14px', background: '#fff', borderBottom: '1px solid #f0ece7' } as const;

function OnlineRow({ r, opts, onEdit }: { r: OnlineRecord; opts: LearningOptions; onEdit: () => void }) {
  const del = useDeleteOnline();
  return (
    <div style={row} data-testid="online-row">
      <div style={{ width: 52, flexShrink: 0, whiteSpace: 'nowrap', color: '#8c847d', fontSize: 13, paddingTop: 2 }}>{fmtDay(r.day)}</div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontSize: 15, fontWeight: 600 }}>
          {r.platform} <span style={{ fontWeight: 400, color: '#4a4440' }}>{S.measureText(r)}</span>
        </div>
        {r.content && <div style={{ fontSize: 13, color: '#6b6560', marginTop: 2, wordBreak: 'break-all' }}>{r.content}</div>}
        <div style={{ fontSize: 12, color: '#a8a09a', marginTop: 4, display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
          <span>{S.countsFor(r.studyMinutes)}</span>
          {r.source === 'import' && <Tag style={{ margin: 0 }}>{S.imported}</Tag>}
        </div>
        {r.evidenceFileId && (
          <div style={{ marginTop: 6 }}>
            <Image src={fileUrl(r.evidenceFileId)} width={56} height={56} style={{ objectFit: 'cover', borderRadius: 6 }} alt={S.evidence} />
          </div>
        )}
      </div>
      {editable(opts, r.day, r.source) && (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          <Button type="text" size="small" icon={<EditOutlined />} aria-label={S.edit} onClick={onEdit} />
          <Popconfirm title={S.delConfirm} okText={S.del} cancelText={S.cancel} onConfirm={() => del.mutateAsync(r.id).then(() => toastSuccess(S.deleted))}>
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={S.del} />
          </Popconfirm>
        </div>
      )}
    </div>
  );
}

function PracticeRow({ r, opts, onEdit }: { r: PracticeRecord; opts: LearningOptions; onEdit: () => void }) {
  const del = useDeletePractice();
  return (
    <div style={row} data-testid="practice-row">
      <div style={{ width: 52, flexShrink: 0, whiteSpace: 'nowrap', color: '#8c847d', fontSize: 13, paddingTop: 2 }}>{fmtDay(r.day)}</div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontSize: 15, fontWeight: 600 }}>
          <Tag color="red" style={{ marginRight: 6 }}>
            {r.kindLabel}
          </Tag>
          {r.title}
        </div>
        {r.description && <div style={{ fontSize: 13, color: '#6b6560', marginTop: 4, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{r.description}</div>}
        <div style={{ fontSize: 12, color: '#a8a09a', marginTop: 4 }}>{S.countsFor(r.minutes)}</div>
        {r.photoFileIds.length > 0 && (
          <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', marginTop: 6 }}>
            <Image.PreviewGroup>
              {r.photoFileIds.map((id) => (
                <Image key={id} src={fileUrl(id)} width={56} height={56} style={{ objectFit: 'cover', borderRadius: 6 }} alt={S.photoAlt} />
              ))}
            </Image.PreviewGroup>
          </div>
        )}
      </div>
      {editable(opts, r.day) && (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
          <Button type="text" size="small" icon={<EditOutlined />} aria-label={S.edit} onClick={onEdit} />
          <Popconfirm title={S.delConfirm} okText={S.del} cancelText={S.cancel} onConfirm={() => del.mutateAsync(r.id).then(() => toastSuccess(S.deleted))}>
            <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={S.del} />
          </Popconfirm>
        </div>
      )}
    </div>
  );
}

/** 线上学习与实践 on the phone: this month's records, add in a few taps. */
export default function MyLearningPage() {
  const options = useLearningOptions();
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const [tab, setTab] = useState<'online' | 'practice'>('online');
  const [editing, setEditing] = useState<{ kind: 'online'; r?: OnlineRecord } | { kind: 'practice'; r?: PracticeRecord } | null>(null);
  const mine = useMyLearning(month);
  const opts = options.data;
  const thisMonth = opts ? opts.today.slice(0, 7) : dayjs().format('YYYY-MM');
  const shift = (n: number) => setMonth(dayjs(`${month}-01`).add(n, 'month').format('YYYY-MM'));

  return (
    <>
      <TopBar title={S.myTitle} back="/" />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Card size="small" styles={{ body: { padding: 12 } }}>
          <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
            <Button type="text" icon={<LeftOutlined />} aria-label={S.prevMonth} onClick={() => shift(-1)} />
            <div style={{ fontSize: 16, fontWeight: 600 }} data-testid="learning-month">
              {S.monthLabel(month)}
            </div>
            <Button type="text" icon={<RightOutlined />} aria-label={S.nextMonth} disabled={month >= thisMonth} onClick={() => shift(1)} />
          </div>
          <div style={{ textAlign: 'center', fontSize: 13, color: '#6b6560', marginTop: 4 }} data-testid="learning-summary">
            {mine.data ? S.monthSummary(mine.data.onlineMinutes, mine.data.practiceMinutes) : '\u00a0'}
          </div>
          <div style={{ display: 'flex', gap: 8, marginTop: 12 }}>
            <Button type="primary" icon={<PlusOutlined />} block size="large" disabled={!opts} onClick={() => setEditing({ kind: 'online' })} data-testid="add-online">
              {S.tabOnline}
            </Button>
            <Button icon={<PlusOutlined />} block size="large" disabled={!opts} onClick={() => setEditing({ kind: 'practice' })} data-testid="add-practice">
              {S.tabPractice}
            </Button>
          </div>
        </Card>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'online' | 'practice')}
        centered
        style={{ background: '#fff' }}
        tabBarStyle={{ margin: 0 }}
        items={[
          { key: 'online', label: `${S.tabOnline}${mine.data ? ` ${mine.data.online.length}` : ''}` },
          { key: 'practice', label: `${S.tabPractice}${mine.data ? ` ${mine.data.practice.length}` : ''}` },
        ]}
      />
      {mine.isPending || !opts ? (
        <div style={{ padding: 16 }}>
          <Skeleton active paragraph={{ rows: 4 }} />
        </div>
      ) : tab === 'online' ? (
        mine.data && mine.data.online.length > 0 ? (
          <div data-testid="online-list">
            {mine.data.online.map((r) => (
              <OnlineRow key={r.id} r={r} opts={opts} onEdit={() => setEditing({ kind: 'online', r })} />
            ))}
          </div>
        ) : (
          <Empty style={{ padding: 32 }} description={S.noOnline} />
        )
      ) : mine.data && mine.data.practice.length > 0 ? (
        <div data-testid="practice-list">
          {mine.data.practice.map((r) => (
            <PracticeRow key={r.id} r={r} opts={opts} onEdit={() => setEditing({ kind: 'practice', r })} />
          ))}
        </div>
      ) : (
        <Empty style={{ padding: 32 }} description={S.noPractice} />
      )}
      {opts && editing?.kind === 'online' && <OnlineForm open onClose={() => setEditing(null)} opts={opts} record={editing.r} />}
      {opts && editing?.kind === 'practice' && (
        <PracticeForm
          open
          onClose={() => {
            setEditing(null);
            setTab('practice');
          }}
          opts={opts}
          record={editing.r}
        />
      )}
    </>
  );
}
