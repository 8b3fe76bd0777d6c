import { Form, Input, Modal, Typography } from 'antd';
import type { AdminUser } from '../../../api/types';
import { toastSuccess } from '../../../components/feedback';
import { useResetPassword } from '../api';
import { S } from '../strings';

export function ResetPasswordModal({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();
  const submit = async () => {
    const v = await form.validateFields();
    if (!user) return;
    await reset.mutateAsync({ id: user.id, password: v.password });
    toastSuccess(S.done);
    form.resetFields();
    onClose();
  };
  return (
    <Modal
      open={user !== null}
      title={`${S.resetPassword}：${user?.username ?? ''}`}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={S.save}
      cancelText={S.cancel}
      confirmLoading={reset.isPending}
      destroyOnHidden
      forceRender
    >
      <Typography.Paragraph type="secondary">{S.resetPasswordHint}</Typography.Paragraph>
      <Form form={form} name="resetPassword" layout="vertical">
        <Form.Item label={S.newPassword} name="password" rules={[{ required: true, message: S.required(S.newPassword) }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
