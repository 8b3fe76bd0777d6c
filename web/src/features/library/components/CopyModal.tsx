import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import type { CopyCreate } from '../../../api/types';
import { toastSuccess } from '../../../components/feedback';
import { normalizeBarcode, useAddCopy, useLocations } from '../api';
import { S } from '../strings';

interface Values {
  barcode: string;
  locationId: number;
  shelf?: string;
  source: 'purchase' | 'donation';
  donor?: string;
  price?: number | null;
}

/** 添加馆藏册: one physical copy of a title, with its barcode and where it stands. */
export function CopyModal({ book, onClose }: { book: { id: number; title: string } | null; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const locations = useLocations(Boolean(book));
  const add = useAddCopy();
  const source = Form.useWatch('source', form);

  useEffect(() => {
    if (!book) return;
    form.resetFields();
    form.setFieldsValue({ source: 'purchase', locationId: locations.data?.[0]?.id });
  }, [book, form, locations.data]);

  const submit = async (v: Values) => {
    if (!book) return;
    const barcode = normalizeBarcode(v.barcode);
    const body: CopyCreate = {
      barcode,
      locationId: v.locationId,
      shelf: v.shelf?.trim() || null,
      source: v.source,
      donor: v.source === 'donation' ? v.donor?.trim() || null : null,
      price: v.price ?? null,
    };
    await add.mutateAsync({ bookId: book.id, body });
    toastSuccess(S.copyAdded(barcode));
    onClose();
  };

  return (
    <Modal
      title={book ? `${S.addCopy} ·《${book.title}》` : S.addCopy}
      open={Boolean(book)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={S.save}
      confirmLoading={add.isPending}
      destroyOnHidden
      data-testid="copy-modal"
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="barcode" label={S.f.barcode} extra={S.f.barcodeHint} rules={[{ required: true, whitespace: true, message: S.required_(S.f.barcode) }, { pattern: /^[A-Za-z0-9-]{3,40}$/, message: S.f.barcodeHint }]}>
          <Input autoFocus maxLength={40} data-testid="copy-barcode" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="locationId" label={S.f.location} rules={[{ required: true, message: S.required_(S.f.location) }]} style={{ flex: 1 }}>
            <Select loading={locations.isPending} options={(locations.data ?? []).map((l) => ({ value: l.id, label: `${l.name}（${l.unitName}）` }))} />
          </Form.Item>
          <Form.Item name="shelf" label={S.f.shelf} style={{ width: 110 }}>
            <Input maxLength={20} placeholder="A1" />
          </Form.Item>
        </div>
        <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
          <Form.Item name="source" label={S.f.source}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'purchase', label: S.purchase },
                { value: 'donation', label: S.donation },
              ]}
            />
          </Form.Item>
          {source === 'donation' && (
            <Form.Item name="donor" label={S.f.donor} style={{ flex: 1, minWidth: 0 }}>
              <Input maxLength={60} />
            </Form.Item>
          )}
          <Form.Item name="price" label={S.f.price} style={{ width: 150 }}>
            <InputNumber min={0} max={100000} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}
