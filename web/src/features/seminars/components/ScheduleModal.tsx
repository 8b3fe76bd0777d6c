import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { ApiError } from '../../../api/client';
import { toastError, toastSuccess } from '../../../components/feedback';
import { useCandidates, useSchedule, useUnits, type ScheduleBody } from '../api';
import { S } from '../strings';

type Values = Omit<ScheduleBody, 'confirm'>;

/** 安排研讨会: organiser, units, date and time, chair and speakers. A second seminar in a month asks to confirm. */
export function ScheduleModal({ open, onClose }: { open: boolean; onClose: (id?: number) => void }) {
  const [form] = Form.useForm<Values>();
  const units = useUnits();
  const unitId = Form.useWatch('unitId', form);
  const cand = useCandidates(unitId);
  const schedule = useSchedule();
  const [warning, setWarning] = useState<{ message: string; values: Values } | null>(null);
  useEffect(() => {
    if (open && units.data?.length && !form.getFieldValue('unitId')) form.setFieldsValue({ unitId: units.data[0].id, unitIds: [units.data[0].id] });
  }, [open, units.data, form]);
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }));
  const submit = (values: Values, confirm = false) =>
    schedule.mutate(
      { ...values, place: values.place ?? '', speakerMemberIds: values.speakerMemberIds ?? [], ...(confirm ? { confirm } : {}) },
      {
        onSuccess: (r) => {
          setWarning(null);
          form.resetFields();
          toastSuccess(S.console.created);
          onClose(r.id);
        },
        onError: (e) => {
          if (e instanceof ApiError && e.code === 'SAME_MONTH') setWarning({ message: e.message, values });
          else toastError(e);
        },
      },
    );
  return (
    <>
      <Modal open={open} width={640} title={S.console.schedule} onCancel={() => onClose()} onOk={() => form.submit()} okButtonProps={{ loading: schedule.isPending, 'data-testid': 'schedule-save' }} destroyOnHidden forceRender>
        <Form form={form} layout="vertical" onFinish={(v) => submit(v)} data-testid="schedule-form">
          <Form.Item name="theme" label={S.console.theme} rules={[{ required: true, whitespace: true, message: '请填写研讨主题' }]}>
            <Input maxLength={200} />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 12 }}>
            <Form.Item name="date" label={S.console.date} rules={[{ required: true, message: '请选择日期' }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item name="start" label={S.console.start} rules={[{ required: true, message: '请填写开始时间' }]}>
              <Input type="time" />
            </Form.Item>
            <Form.Item name="end" label={S.console.end} rules={[{ required: true, message: '请填写结束时间' }]}>
              <Input type="time" />
            </Form.Item>
          </div>
          <Form.Item name="place" label={S.console.place}>
            <Input maxLength={100} />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 2fr', gap: 12 }}>
            <Form.Item name="unitId" label={S.console.organiser} rules={[{ required: true }]}>
              <Select options={unitOptions} />
            </Form.Item>
            <Form.Item name="unitIds" label={S.console.units} rules={[{ required: true, message: '请选择参加单位' }]}>
              <Select mode="multiple" options={unitOptions} optionFilterProp="label" />
            </Form.Item>
          </div>
          <Form.Item name="chairUserId" label={S.console.chairField} rules={[{ required: true, message: '请选择主持人' }]}>
            <Select options={(cand.data?.chairs ?? []).map((c) => ({ value: c.userId, label: c.name }))} loading={cand.isPending} />
          </Form.Item>
          <Form.Item name="speakerMemberIds" label={S.console.speakersField}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={(cand.data?.members ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.unitName}${m.position ? ` ${m.position}` : ''}）` }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={warning !== null} title={S.console.sameMonthTitle} okText={S.console.confirm} onCancel={() => setWarning(null)} onOk={() => warning && submit(warning.values, true)} okButtonProps={{ loading: schedule.isPending }}>
        <Alert type="warning" showIcon title={warning?.message} />
      </Modal>
    </>
  );
}
