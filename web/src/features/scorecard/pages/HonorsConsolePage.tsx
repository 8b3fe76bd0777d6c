import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Image, Input, Modal, Select, Skeleton, Space, Table, Tag, TreeSelect, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useCan } from '../../../api/session';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastError, toastSuccess } from '../../../components/feedback';
import { PublicUrlWarning } from '../../../components/PublicUrlWarning';
import { batchPdfUrl, certificatePdfUrl, sealUrl, useConfirmHonors, useHonors, useIssueCertificates, useRevokeCertificate, useUploadSeal, type Honors } from '../api';
import { H, S } from '../strings';

type Candidate = Honors['candidates'][number];
type Cert = Honors['certificates'][number];

/** Choosing the ten from the ranking: departures need a reason; the leading group confirms. */
function ChooseTen({ year, data }: { year: number; data: Honors }) {
  const can = useCan();
  const mayConfirm = can('scorecard.confirmHonors', data.unit.path);
  const want = Math.min(data.count, data.candidates.length);
  const initial = data.list ? data.list.entries.filter((e) => e.included).map((e) => e.memberId) : data.candidates.slice(0, want).map((c) => c.memberId);
  const [chosen, setChosen] = useState<number[]>(initial);
  const [title, setTitle] = useState(data.list?.title ?? '书香干部');
  const [reasons, setReasons] = useState<Record<number, string>>(() => Object.fromEntries((data.list?.entries ?? []).filter((e) => e.reason).map((e) => [e.memberId, e.reason!])));
  const confirm = useConfirmHonors(year);
  const top = new Set(data.candidates.slice(0, want).map((c) => c.memberId));
  const byId = new Map(data.candidates.map((c) => [c.memberId, c]));
  const departures = [...chosen.filter((id) => !top.has(id)).map((id) => ({ id, add: true })), ...[...top].filter((id) => !chosen.includes(id)).map((id) => ({ id, add: false }))];
  const columns: ColumnsType<Candidate> = [
    {
      title: H.choose,
      key: 'c',
      width: 80,
      render: (_, c) => (
        <Checkbox
          disabled={!mayConfirm}
          checked={chosen.includes(c.memberId)}
          onChange={(e) => setChosen((s) => (e.target.checked ? [...s, c.memberId] : s.filter((x) => x !== c.memberId)))}
          aria-label={`${H.choose} ${c.name}`}
        />
      ),
    },
    { title: H.rank, dataIndex: 'rank', width: 70, align: 'center' },
    { title: S.col.name, dataIndex: 'name', width: 100 },
    { title: S.col.unit, dataIndex: 'unitName' },
    { title: H.total, dataIndex: 'total', width: 90, align: 'right' },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Table<Candidate> rowKey="memberId" size="small" columns={columns} dataSource={data.candidates} pagination={false} rowClassName={(c) => (top.has(c.memberId) ? '' : 'sx-muted')} />
      {mayConfirm && (
        <>
          <Space wrap>
            <span>{H.certTitle}</span>
            <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={20} style={{ width: 200 }} aria-label={H.certTitle} />
            <Typography.Text type={chosen.length === want ? 'success' : 'warning'}>{H.selected(chosen.length, want)}</Typography.Text>
          </Space>
          {departures.length > 0 && (
            <Card size="small" title={H.departures}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {departures.map(({ id, add }) => {
                  const c = byId.get(id)!;
                  return (
                    <Input.TextArea
                      key={id}
                      rows={2}
                      maxLength={500}
                      placeholder={add ? H.reasonAdd(c.name, c.rank) : H.reasonOmit(c.name, c.rank)}
                      aria-label={add ? H.reasonAdd(c.name, c.rank) : H.reasonOmit(c.name, c.rank)}
                      value={reasons[id] ?? ''}
                      onChange={(e) => setReasons((r) => ({ ...r, [id]: e.target.value }))}
                    />
                  );
                })}
              </Space>
            </Card>
          )}
          <Button
            type="primary"
            loading={confirm.isPending}
            onClick={() =>
              confirm
                .mutateAsync({ unitId: data.unit.id, title, memberIds: chosen, reasons: departures.map((d) => ({ memberId: d.id, reason: reasons[d.id] ?? '' })), version: data.list?.version ?? null })
                .then(() => toastSuccess(H.confirmed))
                .catch(toastError)
            }
          >
            {H.confirm}
          </Button>
        </>
      )}
    </Space>
  );
}

function ConfirmedList({ data }: { data: Honors }) {
  if (!data.list) return <Alert type="warning" showIcon message={H.notConfirmed} />;
  return (
    <Table
      rowKey="memberId"
      size="small"
      pagination={false}
      dataSource={data.list.entries}
      columns={[
        { title: '#', dataIndex: 'position', width: 50, render: (p: number | null) => p ?? <Tag>{H.omitted}</Tag> },
        { title: S.col.name, dataIndex: 'name', width: 100 },
        { title: S.col.unit, dataIndex: 'unitName', width: 160 },
        { title: H.rank, dataIndex: 'rank', width: 70, align: 'center' },
        { title: H.total, dataIndex: 'total', width: 80, align: 'right' },
        { title: H.reason, dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
      ]}
    />
  );
}

function Certificates({ data }: { data: Honors }) {
  const can = useCan();
  const mayIssue = can('scorecard.issueCertificates', data.unit.path);
  const mayRevoke = can('scorecard.revokeCertificate', data.unit.path);
  const maySeal = can('scorecard.uploadSeal', data.unit.path);
  const issue = useIssueCertificates();
  const revoke = useRevokeCertificate();
  const upload = useUploadSeal(data.unit.id);
  const [revoking, setRevoking] = useState<Cert | null>(null);
  const [reason, setReason] = useState('');
  const list = data.list;
  const members = list ? list.entries.filter((e) => e.included).map((e) => e.memberId) : [];
  const columns: ColumnsType<Cert> = [
    { title: H.number, dataIndex: 'number', width: 150 },
    { title: S.col.name, dataIndex: 'name', width: 90 },
    { title: S.col.unit, dataIndex: 'unitName' },
    { title: '日期', dataIndex: 'issuedOn', width: 110 },
    { title: '状态', dataIndex: 'status', width: 180, render: (s: string, c) => (s === 'valid' ? <Tag color="green">{H.valid}</Tag> : <Tag color="red" title={c.revokeReason ?? ''}>{H.revoked}</Tag>) },
    {
      title: '',
      key: 'op',
      width: 130,
      render: (_, c) => (
        <Space>
          <a href={certificatePdfUrl(c.id)} target="_blank" rel="noreferrer">
            {H.pdf}
          </a>
          {mayRevoke && c.status === 'valid' && <a onClick={() => setRevoking(c)}>{H.revoke}</a>}
        </Space>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={H.seal}>
          <Space>
            {data.sealUploaded ? <Image src={sealUrl(data.unit.id, String(data.certificates.length))} width={64} height={64} alt={H.seal} /> : <Typography.Text type="warning">{H.sealNone}</Typography.Text>}
            {maySeal && (
              <Upload accept="image/png,image/jpeg" showUploadList={false} beforeUpload={(f) => (upload.mutateAsync(f).then(() => toastSuccess(H.sealUploaded)).catch(toastError), false)}>
                <Button icon={<UploadOutlined />} loading={upload.isPending}>
                  {H.sealUpload}
                </Button>
              </Upload>
            )}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Space>
        {mayIssue && list && (
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={issue.isPending}
            onClick={() =>
              issue
                .mutateAsync({ listId: list.id, memberIds: members })
                .then(() => toastSuccess(H.issued))
                .catch(toastError)
            }
          >
            {H.issueAll}
          </Button>
        )}
        {mayIssue && list && data.certificates.some((c) => c.status === 'valid') && (
          <Button icon={<DownloadOutlined />} href={batchPdfUrl(list.id)} target="_blank">
            {H.batchPdf}
          </Button>
        )}
      </Space>
      <Table<Cert> rowKey="id" size="small" columns={columns} dataSource={data.certificates} pagination={false} />
      <Modal
        open={revoking != null}
        title={`${H.revokeTitle} ${revoking?.number ?? ''}`}
        okText={H.revoke}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: revoke.isPending }}
        onCancel={() => setRevoking(null)}
        onOk={() =>
          revoke
            .mutateAsync({ id: revoking!.id, reason })
            .then(() => {
              setRevoking(null);
              setReason('');
              toastSuccess(H.revoked);
            })
            .catch(toastError)
        }
      >
        <Input.TextArea rows={3} maxLength={500} placeholder={H.revokeReason} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Space>
  );
}

export default function HonorsConsolePage() {
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const q = useHonors(year, unitId);
  const d = q.data;
  return (
    <Card
      title={H.title}
      extra={
        <Space>
          <TreeSelect style={{ width: 220 }} treeData={tree} value={unitId ?? d?.unit.id} onChange={(v) => setUnitId(v)} treeDefaultExpandAll />
          <Select value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: S.year(y) }))} style={{ width: 120 }} />
        </Space>
      }
    >
      <PublicUrlWarning />
      {!d ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Text type="secondary">{H.count(d.count)}</Typography.Text>
          <Card size="small" title={H.candidates}>
            <ChooseTen key={`${year}:${d.unit.id}:${d.list?.version ?? 0}`} year={year} data={d} />
          </Card>
          <Card size="small" title={d.list ? `${H.listTitle}（${d.list.title}，${H.confirmedAt(dayjs(d.list.confirmedAt).format('YYYY-MM-DD HH:mm'))}）` : H.listTitle}>
            <ConfirmedList data={d} />
          </Card>
          <Card size="small" title={H.certificates}>
            <Certificates data={d} />
          </Card>
        </Space>
      )}
    </Card>
  );
}
