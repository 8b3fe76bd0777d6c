import { Badge } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useUnreadCount } from '../api';
import { S } from '../strings';

/** The bell with the unread count; opens the inbox (member shell or console). */
export function Bell({ to, color }: { to: string; color?: string }) {
  const { data: unread = 0 } = useUnreadCount();
  return (
    <Link to={to} aria-label={S.bell(unread)} data-testid="inbox-bell" style={{ display: 'inline-flex', alignItems: 'center', padding: 8, minWidth: 44, minHeight: 44, justifyContent: 'center' }}>
      <Badge count={unread} size="small" overflowCount={99} data-testid="inbox-unread">
        <BellOutlined style={{ fontSize: 22, color: color ?? 'inherit' }} />
      </Badge>
    </Link>
  );
}
