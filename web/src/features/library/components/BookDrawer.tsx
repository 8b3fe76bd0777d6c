import { useEffect } from 'react';
import { Button, Checkbox, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { BookCreate } from '../../../api/types';
import { toastSuccess } from '../../../components/feedback';
import { useCategories, useCreateBook } from '../api';
import { S } from '../strings';

interface Values {
  title: string;
  authors?: string;
  publisher?: string;
  year?: number | null;
  isbn?: string;
  clc?: string;
  category?: string;
  tags?: string[];
  summary?: string;
}

const blank = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** 新增图书: the catalog record; copies are added afterwards (onCreated opens that). */
export function BookDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number, title: string) => void }) {
  const [form] = Form.useForm<Values>();
  const categories = useCategories();
  const create = useCreateBook();

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async (v: Values) => {
    const body: BookCreate = {
      title: v.title.trim(),
      authors: (v.authors ?? '')
        .split(/[,，;；、]/)
        .map((a) => a.trim())
        .filter(Boolean),
      publisher: blank(v.publisher),
      year: v.year ?? null,
      isbn: blank(v.isbn),
      clc: blank(v.clc),
      category: v.category || null,
      tags: v.tags ?? [],
      summary: blank(v.summary),
    };
    const { id } = await create.mutateAsync(body);
    toastSuccess(S.bookCreated);
    onCreated(id, body.title);
  };

  return (
    <Drawer
      title={S.addBook}
      open={open}
      onClose={onClose}
      size={520}
      destroyOnHidden
      data-testid="book-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{S.cancel}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="book-save">
            {S.save}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="title" label={S.f.title} rules={[{ required: true, whitespace: true, message: S.required_(S.f.title) }, { max: 200 }]}>
          <Input autoFocus maxLength={200} />
        </Form.Item>
        <Form.Item name="authors" label={S.f.authors} extra={S.f.authorsHint}>
          <Input maxLength={400} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="publisher" label={S.f.publisher} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="year" label={S.f.year} style={{ width: 120 }}>
            <InputNumber min={1800} max={2100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="isbn" label={S.f.isbn} style={{ flex: 1 }}>
            <Input maxLength={40} placeholder="978…" />
          </Form.Item>
          <Form.Item name="clc" label={S.f.clc} style={{ flex: 1 }} extra={S.f.clcHint}>
            <Input maxLength={40} />
          </Form.Item>
        </div>
        <Form.Item name="category" label={S.f.category} extra={S.f.categoryHint}>
          <Select allowClear placeholder={S.f.categoryHint} options={(categories.data?.categories ?? []).map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item name="tags" label={S.f.tags}>
          <Checkbox.Group options={[S.required, S.recommended]} />
        </Form.Item>
        <Form.Item name="summary" label={S.f.summary}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
