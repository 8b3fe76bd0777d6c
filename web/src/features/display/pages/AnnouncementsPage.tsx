import { useMemo, useState } from 'react';
import { Button, Card, Checkbox, DatePicker, Drawer, Form, Image, Input, Modal, Popconfirm, Progress, Segmented, Space, Table, Tag, TreeSelect, Typography, Upload } from 'antd';
import { PlusOutlined, PushpinFilled, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useCan } from '../../../api/session';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastError, toastSuccess } from '../../../components/feedback';
import {
  htmlToText,
  textToHtml,
  useCreateAnnouncement,
  useDeleteAnnouncement,
  useDeleteImage,
  useManagedAnnouncements,
  useReadStats,
  useUpdateAnnouncement,
  useUploadImage,
  useWithdrawAnnouncement,
  type Announcement,
} from '../api';
import { fmtTime, S } from '../strings';

interface Values {
  unitId: number;
  title: string;
  body: string;
  pinned: boolean;
  public: boolean;
  from: Dayjs;
  until: Dayjs | null;
  targetUnitIds: number[];
}

function Editor({ item, onClose }: { item: Announcement | null; onClose: () => void }) {
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const create = useCreateAnnouncement();
  const update = useUpdateAnnouncement();
  const upload = useUploadImage();
  const removeImage = useDeleteImage();
  const [form] = Form.useForm<Values>();
  const [savedId, setSavedId] = useState<number | null>(item?.id ?? null);
  const [pending, setPending] = useState<File[]>([]);
  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      title: v.title,
      bodyHtml: textToHtml(v.body ?? ''),
      pinned: v.pinned,
      public: v.public,
      publishFrom: v.from.toISOString(),
      publishUntil: v.until ? v.until.toISOString() : null,
      targetUnitIds: v.targetUnitIds ?? [],
    };
    try {
      let id = savedId;
      if (item) await update.mutateAsync({ id: item.id, version: item.version, ...body });
      else {
        id = (await create.mutateAsync({ unitId: v.unitId, ...body })).id;
        setSavedId(id);
      }
      for (const f of pending) await upload.mutateAsync({ id: id!, file: f });
      setPending([]);
      toastSuccess(item ? S.saved : S.created);
      onClose();
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <Modal
      open
      width={680}
      title={item ? `${S.edit}：${item.title}` : S.newAnn}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={item ? S.save : S.newAnn}
      cancelText={S.cancel}
      confirmLoading={create.isPending || update.isPending || upload.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'ann-save' } as never}
    >
      {units.data && (
      <Form
        form={form}
        layout="vertical"
        data-testid="ann-form"
        initialValues={
          item
            ? {
                unitId: item.unitId,
                title: item.title,
                body: htmlToText(item.bodyHtml),
                pinned: item.pinned,
                public: item.public,
                from: dayjs(item.publishFrom),
                until: item.publishUntil ? dayjs(item.publishUntil) : null,
                targetUnitIds: item.targets.map((t) => t.id),
              }
            : { unitId: tree[0]?.value, pinned: false, public: false, from: dayjs(), until: null, targetUnitIds: [] }
        }
      >
        {!item && (
          <Form.Item name="unitId" label={S.unit} rules={[{ required: true }]}>
            <TreeSelect treeData={tree} treeDefaultExpandAll aria-label={S.unit} />
          </Form.Item>
        )}
        <Form.Item name="title" label={S.title} rules={[{ required: true, whitespace: true, max: 80 }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="body" label={S.body} extra={S.bodyHint}>
          <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} maxLength={20000} />
        </Form.Item>
        <Form.Item name="targetUnitIds" label={S.targets} extra={S.targetsHint}>
          <TreeSelect treeData={tree} multiple treeCheckable showCheckedStrategy={TreeSelect.SHOW_PARENT} treeDefaultExpandAll allowClear aria-label={S.targets} />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item name="from" label={S.from} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={S.from} />
          </Form.Item>
          <Form.Item name="until" label={S.until}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={S.untilNone} aria-label={S.until} />
          </Form.Item>
        </Space>
        <Space wrap size="large">
          <Form.Item name="pinned" valuePropName="checked">
            <Checkbox>{S.pinned}</Checkbox>
          </Form.Item>
          <Form.Item name="public" valuePropName="checked">
            <Checkbox>{S.public}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item label={S.images} extra={S.imagesHint}>
          <Space wrap>
            {item?.images.map((img) => (
              <Space key={img.id} orientation="vertical" size={2} align="center">
                <Image src={img.url} width={96} height={72} style={{ objectFit: 'cover' }} alt={img.filename} />
                <Button size="small" type="link" danger onClick={() => removeImage.mutateAsync({ id: item.id, imageId: img.id }).catch((e: unknown) => toastError(e))}>
                  {S.remove}
                </Button>
              </Space>
            ))}
            <Upload
              accept="image/jpeg,image/png,image/webp"
              multiple
              fileList={pending.map((f, i) => ({ uid: String(i), name: f.name, status: 'done' as const }))}
              beforeUpload={(f) => {
                setPending((p) => [...p, f]);
                return false;
              }}
              onRemove={(f) => setPending((p) => p.filter((_, i) => String(i) !== f.uid))}
            >
              <Button icon={<UploadOutlined />} data-testid="ann-upload">
                {S.upload}
              </Button>
            </Upload>
          </Space>
        </Form.Item>
      </Form>
      )}
    </Modal>
  );
}

function ReadsDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const stats = useReadStats(id);
  const d = stats.data;
  return (
    <Drawer open={id !== null} onClose={onClose} title={d ? `${S.readStats}：${d.title}` : S.readStats} size={520}>
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {S.reads} {S.readOf(d.totalReads, d.totalMembers)}
          </Typography.Text>
          <Table
            rowKey="unitId"
            size="small"
            pagination={false}
            dataSource={d.units}
            data-testid="ann-reads"
            columns={[
              { title: S.unit, dataIndex: 'unitName' },
              { title: S.reads, key: 'r', width: 90, render: (_, u) => S.readOf(u.reads, u.members) },
              { title: '', key: 'p', width: 160, render: (_, u) => <Progress percent={u.members ? Math.round((u.reads / u.members) * 100) : 0} size="small" /> },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

/** The clerk's 文化宣传栏: posts with images, pinned, aimed at units, for a window of time; read counts per unit. */
export default function AnnouncementsPage() {
  const [state, setState] = useState('all');
  const list = useManagedAnnouncements(state);
  const can = useCan();
  const withdraw = useWithdrawAnnouncement();
  const remove = useDeleteAnnouncement();
  const [editing, setEditing] = useState<Announcement | null>(null);
  const [creating, setCreating] = useState(false);
  const [reads, setReads] = useState<number | null>(null);
  const mayPublish = can('display.publishAnnouncements');
  return (
    <Card title={S.annTitle}>
      <Typography.Paragraph type="secondary">{S.annHint}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        {mayPublish && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ann-new">
            {S.newAnn}
          </Button>
        )}
        <Segmented value={state} onChange={(v) => setState(String(v))} options={Object.entries(S.stateFilter).map(([value, label]) => ({ value, label }))} />
      </Space>
      <Table<Announcement>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{ emptyText: S.noAnn }}
        data-testid="ann-table"
        columns={[
          {
            title: S.title,
            key: 'title',
            render: (_, a) => (
              <Space size={4}>
                {a.pinned && <PushpinFilled style={{ color: '#9e1b1b' }} />}
                <span style={{ fontWeight: 600 }}>{a.title}</span>
                {a.images.length > 0 && <Tag>{`${S.images} ${a.images.length}`}</Tag>}
              </Space>
            ),
          },
          { title: S.state, dataIndex: 'state', width: 90, render: (s: string) => <Tag color={S.annStateColor[s]}>{S.annStates[s]}</Tag> },
          { title: S.targets, key: 't', width: 180, render: (_, a) => (a.targets.length ? a.targets.map((t) => t.name).join('、') : `${a.unitName}（${S.whole}）`) },
          { title: S.from, dataIndex: 'publishFrom', width: 140, render: fmtTime },
          { title: S.until, dataIndex: 'publishUntil', width: 140, render: (t: string | null) => (t ? fmtTime(t) : S.untilNone) },
          {
            title: S.reads,
            dataIndex: 'reads',
            width: 80,
            render: (n: number, a) => (
              <Button type="link" size="small" onClick={() => setReads(a.id)} data-testid="ann-reads-open">
                {n}
              </Button>
            ),
          },
          {
            title: '',
            key: 'ops',
            width: 170,
            render: (_, a) =>
              mayPublish && (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setEditing(a)}>
                    {S.edit}
                  </Button>
                  {a.state !== 'withdrawn' && (
                    <Popconfirm title={S.withdrawConfirm} onConfirm={() => withdraw.mutateAsync({ id: a.id, version: a.version }).catch((e: unknown) => toastError(e))}>
                      <Button type="link" size="small" danger>
                        {S.withdraw}
                      </Button>
                    </Popconfirm>
                  )}
                  <Popconfirm title={S.removeConfirm} onConfirm={() => remove.mutateAsync(a.id).catch((e: unknown) => toastError(e))}>
                    <Button type="link" size="small" danger>
                      {S.remove}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {(creating || editing) && <Editor item={editing} onClose={() => (setCreating(false), setEditing(null))} />}
      <ReadsDrawer id={reads} onClose={() => setReads(null)} />
    </Card>
  );
}
