import { useState } from 'react';
import { Alert, Form, Modal, Radio, Select, Space, Typography, type ButtonProps } from 'antd';
import { toastError } from '../../../components/feedback';
import { PublicUrlWarning } from '../../../components/PublicUrlWarning';
import { barcodesOfBooks, downloadLabels, useLocations, type LabelSize } from '../api';
import { S } from '../strings';

/** Choose the copies (the books ticked in the table, or a whole location) and a label size; download the A4 PDF. */
export function LabelsModal({ open, bookIds, onClose }: { open: boolean; bookIds: number[]; onClose: () => void }) {
  const locations = useLocations(open);
  const [source, setSource] = useState<'selected' | 'location'>(bookIds.length ? 'selected' : 'location');
  const [locationId, setLocationId] = useState<number | null>(null);
  const [size, setSize] = useState<LabelSize>('medium');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const src = bookIds.length ? source : 'location';
  const ready = src === 'selected' ? bookIds.length > 0 : locationId !== null;

  const go = async () => {
    setProblem(null);
    setBusy(true);
    try {
      if (src === 'selected') {
        const barcodes = await barcodesOfBooks(bookIds);
        if (barcodes.length === 0) {
          setProblem(S.labelsNoCopies);
          return;
        }
        await downloadLabels({ barcodes, size }, S.labelsFile);
      } else {
        await downloadLabels({ locationId: locationId!, size }, S.labelsFile);
      }
      onClose();
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={S.labelsTitle} onCancel={onClose} onOk={() => void go()} okText={S.labelsDownload} cancelText={S.cancel} okButtonProps={{ disabled: !ready, loading: busy, 'data-testid': 'labels-download' } as ButtonProps} destroyOnHidden width={560}>
      <PublicUrlWarning />
      <Form layout="vertical">
        <Form.Item label={S.labelsSource}>
          <Radio.Group value={src} onChange={(e) => setSource(e.target.value as 'selected' | 'location')}>
            <Space orientation="vertical">
              <Radio value="selected" disabled={bookIds.length === 0} data-testid="labels-selected">
                {S.labelsSelected(bookIds.length)}
              </Radio>
              <Radio value="location" data-testid="labels-location">
                {S.labelsLocation}
              </Radio>
            </Space>
          </Radio.Group>
          {src === 'location' && (
            <Select
              style={{ width: '100%', marginTop: 8 }}
              placeholder={S.locationFilter}
              aria-label={S.locationFilter}
              value={locationId ?? undefined}
              onChange={setLocationId}
              options={(locations.data ?? []).map((l) => ({ value: l.id, label: `${l.name}（${l.copies} 册）` }))}
              data-testid="labels-location-select"
            />
          )}
          {bookIds.length === 0 && <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6 }}>{S.labelsNoSelection}</Typography.Text>}
        </Form.Item>
        <Form.Item label={S.labelsSize}>
          <Radio.Group value={size} onChange={(e) => setSize(e.target.value as LabelSize)}>
            <Space orientation="vertical">
              {(['small', 'medium', 'large'] as const).map((k) => (
                <Radio key={k} value={k}>
                  {S.labelsSizes[k]}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginBottom: 8 }} />}
      <Typography.Text type="secondary">{S.labelsHint}</Typography.Text>
    </Modal>
  );
}
