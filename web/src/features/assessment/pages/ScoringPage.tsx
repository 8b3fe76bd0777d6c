import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, LockOutlined, UnlockOutlined, WarningOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client';
import { toastError, toastSuccess } from '../../../components/feedback';
import { PageLoading } from '../../../components/PageLoading';
import { useScoring, useScoringActions, type Scoring } from '../api';
import { FactList } from '../components/FactList';
import { fmtTime, S } from '../strings';

type Item = Scoring['items'][number];

/** A team member's scoring page: the checklist, the platform's evidence and suggestions, blind scoring, then the team's. */
export default function ScoringPage() {
  const { modal } = App.useApp();
  const p = useParams();
  const year = Number(p.year);
  const unitId = Number(p.unitId);
  const q = useScoring(year, unitId);
  const act = useScoringActions(year, unitId);
  const [points, setPoints] = useState<Record<string, number | null>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [unlocking, setUnlocking] = useState(false);
  const v = q.data;
  const evidence = useMemo(() => new Map((v?.evidence ?? []).map((e) => [e.key, e])), [v?.evidence]);
  if (q.isPending) return <PageLoading />;
  if (q.isError || !v) return <Alert type="error" title={errorMessage(q.error)} />;

  const total = v.items.reduce((s, i) => s + (points[i.key] ?? 0), 0);
  const filled = v.items.every((i) => points[i.key] !== undefined && points[i.key] !== null);
  const useSuggested = () => setPoints(Object.fromEntries(v.items.map((i) => [i.key, evidence.get(i.key)?.suggested ?? points[i.key] ?? null])));
  const submit = () =>
    modal.confirm({
      title: S.submitScores,
      content: S.submitConfirm,
      okText: S.submitScores,
      cancelText: S.cancel,
      onOk: () =>
        act.submit
          .mutateAsync({ items: v.items.map((i) => ({ key: i.key, points: points[i.key] ?? 0, note: notes[i.key] || undefined })) })
          .then(() => toastSuccess(S.submitScores))
          .catch(toastError),
    });

  // The team's sheets beside mine: my own is the 我的评分 column already.
  const others = v.sheets.filter((s) => s.userId !== v.mine?.userId);
  const cols = [
    { title: S.section, dataIndex: 'section', width: 60 },
    { title: S.itemTitle, dataIndex: 'title', render: (t: string, i: Item) => <div>{t}<div style={{ color: '#8c8c8c', fontSize: 12 }}>{i.guidance}</div></div> },
    { title: S.maxPoints, dataIndex: 'maxPoints', width: 60, align: 'right' as const },
    { title: S.evidenceCol, key: 'e', width: 330, render: (_: unknown, i: Item) => <FactList facts={evidence.get(i.key)?.facts ?? []} /> },
    { title: S.suggested, key: 'sg', width: 70, align: 'right' as const, render: (_: unknown, i: Item) => evidence.get(i.key)?.suggested ?? '—' },
    {
      title: S.myScore,
      key: 'm',
      width: 110,
      render: (_: unknown, i: Item) =>
        v.canScore ? (
          <InputNumber aria-label={`${S.myScore} ${i.section} ${i.title}`} min={0} max={i.maxPoints} step={0.5} precision={1} value={points[i.key] ?? null} onChange={(n) => setPoints({ ...points, [i.key]: n })} style={{ width: 90 }} />
        ) : (
          (v.mine?.items.find((x) => x.key === i.key)?.points ?? '—')
        ),
    },
    ...(v.canScore ? [{ title: S.note, key: 'n', width: 160, render: (_: unknown, i: Item) => <Input size="small" maxLength={500} value={notes[i.key] ?? ''} onChange={(e) => setNotes({ ...notes, [i.key]: e.target.value })} /> }] : []),
    ...others.map((s) => ({ title: s.name, key: `u${s.userId}`, width: 70, align: 'right' as const, render: (_: unknown, i: Item) => s.items.find((x) => x.key === i.key)?.points ?? '—' })),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={S.scoringTitle(v.unitName, year)}
        extra={
          v.locked ? (
            <Tag icon={<LockOutlined />} color="green">
              {S.locked}
            </Tag>
          ) : (
            <Tag>{S.scoring}</Tag>
          )
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={S.tabTeams}>{v.team?.name ?? S.none}</Descriptions.Item>
          <Descriptions.Item label={S.lead}>{v.team?.leadName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={S.scorers}>
            {v.submittedCount}/{v.teamSize}
          </Descriptions.Item>
        </Descriptions>
        {v.consolidated ? (
          <Space size={24} wrap style={{ marginTop: 8 }} data-testid="consolidated">
            <Typography.Text>
              {S.consolidated}：<Typography.Text strong data-testid="consolidated-score">{v.consolidated.score.toFixed(2)}</Typography.Text>
            </Typography.Text>
            <Typography.Text>
              {S.spread}：<span data-testid="spread">{v.consolidated.spread.toFixed(2)}</span>
            </Typography.Text>
            <Typography.Text>
              {S.grade}：<Tag>{v.consolidated.grade}</Tag>
            </Typography.Text>
            <Typography.Text type="secondary">{S.method(v.consolidated.methodLabel)}</Typography.Text>
          </Space>
        ) : (
          <Alert style={{ marginTop: 8 }} type="info" title={S.blind(v.submittedCount, v.teamSize)} />
        )}
        {v.consolidated?.flagged ? <Alert style={{ marginTop: 8 }} type="warning" icon={<WarningOutlined />} showIcon title={S.flagNote(v.consolidated.spread)} /> : null}
        {v.locked && v.signedAt ? <Typography.Paragraph style={{ marginTop: 8 }}>{S.signedBy(v.signedBy, fmtTime(v.signedAt))}</Typography.Paragraph> : null}
        <Space style={{ marginTop: 12 }} wrap>
          {v.canSignOff ? (
            <Popconfirm title={S.signOffConfirm} onConfirm={() => act.signOff.mutateAsync().then(() => toastSuccess(S.signOff), toastError)}>
              <Button type="primary" icon={<CheckOutlined />}>
                {S.signOff}
              </Button>
            </Popconfirm>
          ) : null}
          {v.canUnlock ? (
            <Button icon={<UnlockOutlined />} onClick={() => setUnlocking(true)}>
              {S.unlock}
            </Button>
          ) : null}
          {v.canWithdraw ? <Button onClick={() => act.withdraw.mutateAsync().catch(toastError)}>{S.withdraw}</Button> : null}
        </Space>
      </Card>

      <Card size="small">
        {v.canScore ? (
          <Space style={{ marginBottom: 12 }}>
            <Button onClick={useSuggested}>{S.useSuggested}</Button>
            <Typography.Text>
              {S.total}：<Typography.Text strong data-testid="my-total">{total.toFixed(1)}</Typography.Text>
            </Typography.Text>
            <Button type="primary" disabled={!filled} loading={act.submit.isPending} onClick={submit}>
              {S.submitScores}
            </Button>
          </Space>
        ) : null}
        <Table rowKey="key" size="small" pagination={false} dataSource={v.items} columns={cols} scroll={{ x: 1100 }} />
      </Card>

      {v.unlocks.length ? (
        <Card size="small" title={S.unlocks}>
          {v.unlocks.map((u, n) => (
            <div key={n}>
              {fmtTime(u.at)} {u.by}：{u.reason}
            </div>
          ))}
        </Card>
      ) : null}

      <Modal
        open={unlocking}
        title={S.unlock}
        okText={S.unlock}
        cancelText={S.cancel}
        onCancel={() => setUnlocking(false)}
        onOk={() =>
          act.unlock
            .mutateAsync(reason)
            .then(() => {
              setUnlocking(false);
              setReason('');
            })
            .catch(toastError)
        }
      >
        <Input.TextArea aria-label={S.unlockReason} placeholder={S.unlockReason} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </Modal>
    </Space>
  );
}
