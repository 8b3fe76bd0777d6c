import { Link } from 'react-router';
import { BellIcon } from '../../../components/PlainIcons';
import { useUnreadCount } from '../api';
import { S } from '../strings';
import './Bell.css';

/** The bell with the unread count; opens the inbox (member shell or console). Plain elements: no antd on the member home. */
export function Bell({ to, color }: { to: string; color?: string }) {
  const { data: unread = 0 } = useUnreadCount();
  return (
    <Link to={to} aria-label={S.bell(unread)} data-testid="inbox-bell" className="sx-bell" style={color ? { color } : undefined}>
      <span className="sx-bell-badge" data-testid="inbox-unread">
        <BellIcon style={{ fontSize: 22 }} />
        {unread > 0 && (
          <sup className="sx-bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </sup>
        )}
      </span>
    </Link>
  );
}
