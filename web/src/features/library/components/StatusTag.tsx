import { Tag } from 'antd';
import type { CopyStatus } from '../../../api/types';

const COLORS: Record<CopyStatus, string> = { available: 'green', loaned: 'orange', held: 'blue', lost: 'default', damaged: 'default', withdrawn: 'default' };

export function StatusTag({ status, label, testId }: { status: CopyStatus; label: string; testId?: string }) {
  return (
    <Tag color={COLORS[status] ?? 'default'} data-testid={testId} style={{ marginInlineEnd: 0 }}>
      {label}
    </Tag>
  );
}
