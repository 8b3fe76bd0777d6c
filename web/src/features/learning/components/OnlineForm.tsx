import { useState } from 'react';
import { Alert, Button, DatePicker, Drawer, Form, Input, InputNumber, Radio, Segmented } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage } from '../../../api/client';
import { toastSuccess } from '../../../components/feedback';
import { useSaveOnline, type LearningOptions, type OnlineRecord } from '../api';
import { S } from '../strings';
import { PhotoPicker } from './PhotoPicker';

type Measure = 'minutes' | 'credits' | 'points';
interface Values {
  day: Dayjs;
  platform: string;
  content?: string;
  measure: Measure;
  value: number | null;
  evidence: number[];
}

/** Whether a day can be chosen: not in the future, not before the backfill window. */
export const dayDisabled = (opts: LearningOptions) => (d: Dayjs) => d.isAfter(dayjs(opts.today), 'day') || d.isBefore(dayjs(opts.today).subtract(opts.backfillDays, 'day'), 'day');

/** The phone form for one online record: platform, content, and minutes or 学时 or points. */
export function OnlineForm({ open, onClose, opts, record }: { open: boolean; onClose: () => void; opts: LearningOptions; record?: OnlineRecord }) {
  const [form] = Form.useForm<Values>();
  const save = useSaveOnline();
  const [error, setError] = useState<string | null>(null);
  const measure = Form.useWatch('measure', form) ?? 'minutes';
  const initial: Values = record
    ? {
        day: dayjs(record.day),
        platform: record.platform,
        content: record.content,
        measure: record.minutes !== null ? 'minutes' : record.credits !== null ? 'credits' : 'points',
        value: record.minutes ?? record.credits ?? record.points,
        evidence: record.evidenceFileId ? [record.evidenceFileId] : [],
      }
    : { day: dayjs(opts.today), platform: opts.platforms[0], measure: 'minutes', value: null, evidence: [] };

  const submit = async (v: Values) => {
    setError(null);
    try {
      const r = await save.mutateAsync({
        id: record?.id,
        input: {
          day: v.day.format('YYYY-MM-DD'),
          platform: v.platform,
          content: v.content ?? '',
          minutes: v.measure === 'minutes' ? v.value : null,
          credits: v.measure === 'credits' ? v.value : null,
          points: v.measure === 'points' ? v.value : null,
          evidenceFileId: v.evidence[0] ?? null,
        },
      });
      toastSuccess(`${S.saved}，${S.countsFor(r.minutes)}`);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Drawer open={open} onClose={onClose} placement="bottom" size="92%" styles={{ body: { padding: '12px 16px 24px' } }} title={record ? S.edit : S.addOnline} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} requiredMark={false} data-testid="online-form">
        <Form.Item name="day" label={S.day} extra={S.windowHint(opts.backfillDays)} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} inputReadOnly allowClear={false} disabledDate={dayDisabled(opts)} format="YYYY年M月D日" />
        </Form.Item>
        <Form.Item name="platform" label={S.platform} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={opts.platforms.map((p) => ({ value: p, label: p }))} style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }} />
        </Form.Item>
        <Form.Item name="content" label={S.content}>
          <Input maxLength={200} placeholder={S.contentPh} data-testid="online-content" />
        </Form.Item>
        <Form.Item name="measure" label={S.measureKind}>
          <Segmented<Measure>
            block
            options={[
              { value: 'minutes', label: S.byMinutes },
              { value: 'credits', label: S.byCredits },
              { value: 'points', label: S.byPoints },
            ]}
            onChange={() => form.setFieldValue('value', null)}
          />
        </Form.Item>
        <Form.Item
          name="value"
          label={measure === 'minutes' ? S.minutes : measure === 'credits' ? S.credits : S.points}
          extra={measure === 'credits' ? S.creditsHint(opts.minutesPerCreditHour) : measure === 'points' ? S.pointsHint(opts.minutesPerPoint) : undefined}
          rules={[{ required: true, message: S.measureRequired }]}
        >
          <InputNumber style={{ width: '100%' }} min={0} max={measure === 'points' ? 100000 : measure === 'credits' ? 24 : 1440} step={measure === 'credits' ? 0.5 : 1} precision={measure === 'credits' ? 1 : 0} inputMode={measure === 'credits' ? 'decimal' : 'numeric'} data-testid="online-value" />
        </Form.Item>
        <Form.Item name="evidence" label={S.evidence} valuePropName="value">
          <PhotoPicker max={1} maxBytes={opts.maxFileBytes} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="online-error" />}
        <Button type="primary" htmlType="submit" block size="large" loading={save.isPending} data-testid="online-save">
          {S.save}
        </Button>
      </Form>
    </Drawer>
  );
}
