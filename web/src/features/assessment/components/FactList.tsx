import { Link } from 'react-router';
import { Space, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';

export interface FactView {
  metric: string;
  label: string;
  text: string;
  link: string;
  adverse: boolean;
  value: number;
}

/** What the platform already knows, each fact linked to the records behind it. */
export function FactList({ facts, linkable = true }: { facts: FactView[]; linkable?: boolean }) {
  if (!facts.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      {facts.map((f) => (
        <div key={f.metric} data-metric={f.metric} style={{ fontSize: 13, lineHeight: 1.5 }}>
          <Typography.Text strong>{f.label}：</Typography.Text>
          {linkable ? <Link to={f.link}>{f.text}</Link> : <span>{f.text}</span>}
          {f.adverse && f.value > 0 ? <WarningOutlined style={{ color: '#d4380d', marginLeft: 4 }} /> : null}
        </div>
      ))}
    </Space>
  );
}
