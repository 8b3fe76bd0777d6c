import { useState } from 'react';
import { App, Button, Card, Form, Input, Popconfirm, Radio, Space, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { toastSuccess } from '../../../../components/feedback';
import { useAddReference, useDeleteReference, useReferences, type ReferenceText } from '../../api';
import { fmtDateTime, S } from '../../strings';

const C = S.console;

/** A .txt in UTF-8 or (as Windows saves it) GB18030. */
async function readText(file: File): Promise<string> {
  const buf = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** 参考文本: the corpus the similarity check also compares with. */
export default function ReferencesPage() {
  const refs = useReferences();
  const add = useAddReference();
  const del = useDeleteReference();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ title: string; text: string; kind: 'copied' | 'excerpt' }>();
  const columns: ColumnsType<ReferenceText> = [
    { title: C.refName, dataIndex: 'title' },
    { title: '类型', dataIndex: 'kind', width: 110, render: (k: ReferenceText['kind']) => <Tag color={k === 'copied' ? 'red' : 'blue'}>{C.refKind[k]}</Tag> },
    { title: C.col.book, dataIndex: 'bookTitle', width: 180, render: (v: string | null) => (v ? `《${v}》` : '—') },
    { title: C.col.chars, dataIndex: 'chars', width: 90, align: 'right' },
    { title: '添加时间', dataIndex: 'createdAt', width: 170, render: (v: string) => fmtDateTime(v) },
    {
      title: '',
      width: 80,
      render: (_, r) => (
        <Popconfirm title={C.refDeleteConfirm} onConfirm={() => del.mutateAsync(r.id).then(() => toastSuccess(C.refDeleted))}>
          <Button size="small" danger type="text" icon={<DeleteOutlined />}>
            {C.delete}
          </Button>
        </Popconfirm>
      ),
    },
  ];
  const save = async () => {
    const v = await form.validateFields();
    await add.mutateAsync({ title: v.title.trim(), text: v.text, kind: v.kind });
    toastSuccess(C.refAdded);
    form.resetFields();
    setOpen(false);
  };
  return (
    <Card
      title={C.refTitle}
      extra={
        !open && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="rf-ref-add">
            {C.refAdd}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{C.refIntro}</Typography.Paragraph>
      {open && (
        <Card size="small" style={{ marginBottom: 16, background: '#fbfaf8' }}>
          <Form form={form} layout="vertical" initialValues={{ kind: 'copied' }}>
            <Form.Item name="kind" label="类型">
              <Radio.Group options={[{ value: 'copied', label: C.refKind.copied }, { value: 'excerpt', label: C.refKind.excerpt }]} />
            </Form.Item>
            <Form.Item name="title" label={C.refName} rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
              <Input maxLength={200} data-testid="rf-ref-title" />
            </Form.Item>
            <Form.Item name="text" label={C.refText} rules={[{ required: true, whitespace: true, message: '请粘贴全文或选择文件' }]}>
              <Input.TextArea autoSize={{ minRows: 6, maxRows: 16 }} placeholder={C.refTextPlaceholder} data-testid="rf-ref-text" />
            </Form.Item>
            <Space>
              <Upload
                accept=".txt,text/plain"
                showUploadList={false}
                beforeUpload={(file) => {
                  void readText(file)
                    .then((text) => {
                      form.setFieldsValue({ text, title: form.getFieldValue('title') || file.name.replace(/\.txt$/i, '') });
                    })
                    .catch(() => void message.error('文件读取失败'));
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />}>{C.refFile}</Button>
              </Upload>
              <Button type="primary" loading={add.isPending} onClick={() => void save().catch(() => {})} data-testid="rf-ref-save">
                {C.save}
              </Button>
              <Button onClick={() => setOpen(false)}>{C.cancel}</Button>
            </Space>
          </Form>
        </Card>
      )}
      <Table<ReferenceText> rowKey="id" size="middle" columns={columns} dataSource={refs.data?.items} loading={refs.isPending} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: C.refEmpty }} />
    </Card>
  );
}
