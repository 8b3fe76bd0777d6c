import { Tag } from 'antd';
import type { Status } from '../api';
import { STATUS_COLOR, STATUS_LABEL } from '../strings';

export function StatusTag({ status }: { status: Status }) {
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="rf-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {STATUS_LABEL[status]}
    </Tag>
  );
}
