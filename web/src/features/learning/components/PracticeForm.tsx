import { useState } from 'react';
import { Alert, Button, DatePicker, Drawer, Form, Input, InputNumber, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage } from '../../../api/client';
import { toastSuccess } from '../../../components/feedback';
import { useSavePractice, type LearningOptions, type PracticeRecord } from '../api';
import { S } from '../strings';
import { dayDisabled } from './OnlineForm';
import { PhotoPicker } from './PhotoPicker';

interface Values {
  day: Dayjs;
  kind: string;
  title: string;
  description?: string;
  minutes: number | null;
  photos: number[];
}

/** The phone form for one practice activity, with up to nine photos. */
export function PracticeForm({ open, onClose, opts, record }: { open: boolean; onClose: () => void; opts: LearningOptions; record?: PracticeRecord }) {
  const save = useSavePractice();
  const [error, setError] = useState<string | null>(null);
  const initial: Values = record
    ? { day: dayjs(record.day), kind: record.kind, title: record.title, description: record.description, minutes: record.minutes, photos: record.photoFileIds }
    : { day: dayjs(opts.today), kind: opts.practiceKinds[0]?.value ?? 'volunteer', title: '', minutes: null, photos: [] };

  const submit = async (v: Values) => {
    setError(null);
    try {
      await save.mutateAsync({ id: record?.id, input: { day: v.day.format('YYYY-MM-DD'), kind: v.kind, title: v.title, description: v.description ?? '', minutes: v.minutes ?? 0, photoFileIds: v.photos } });
      toastSuccess(S.saved);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Drawer open={open} onClose={onClose} placement="bottom" size="92%" styles={{ body: { padding: '12px 16px 24px' } }} title={record ? S.edit : S.addPractice} destroyOnHidden>
      <Form<Values> layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} requiredMark={false} data-testid="practice-form">
        <Form.Item name="day" label={S.day} extra={S.windowHint(opts.backfillDays)} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly allowClear={false} disabledDate={dayDisabled(opts)} format="YYYY年M月D日" />
        </Form.Item>
        <Form.Item name="kind" label={S.practiceKind}>
          <Radio.Group optionType="button" options={opts.practiceKinds} />
        </Form.Item>
        <Form.Item name="title" label={S.title} rules={[{ required: true, whitespace: true, message: S.titleRequired }]}>
          <Input maxLength={100} placeholder={S.titlePh} data-testid="practice-title" />
        </Form.Item>
        <Form.Item name="description" label={S.description}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 3, maxRows: 8 }} placeholder={S.descriptionPh} />
        </Form.Item>
        <Form.Item name="minutes" label={S.minutes} rules={[{ required: true, message: S.minutesRequired }]}>
          <InputNumber style={{ width: '100%' }} min={0} max={1440} precision={0} inputMode="numeric" data-testid="practice-minutes" />
        </Form.Item>
        <Form.Item name="photos" label={S.photos(opts.maxPhotos)}>
          <PhotoPicker max={opts.maxPhotos} maxBytes={opts.maxFileBytes} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" block size="large" loading={save.isPending} data-testid="practice-save">
          {S.save}
        </Button>
      </Form>
    </Drawer>
  );
}
