import { Outlet, useLocation, useNavigate } from 'react-router';
import { BookIcon, HomeIcon, PenIcon, ReadIcon, UserIcon } from '../components/PlainIcons';
import { S } from './strings';
import './member.css';

const TABS = [
  { path: '/', label: S.tabHome, Icon: HomeIcon },
  { path: '/library', label: S.tabLibrary, Icon: BookIcon },
  // Notes and online learning are reached from 学习 and belong under it.
  { path: '/study', also: ['/notes', '/learning'], label: S.tabStudy, Icon: ReadIcon },
  { path: '/reflections', label: S.tabReflections, Icon: PenIcon },
  { path: '/me', label: S.tabMe, Icon: UserIcon },
];

/**
 * The phone shell: one column, a bottom tab bar within thumb reach. Plain elements and member.css, no
 * antd: the member home inside it shows before antd has loaded; the other member pages bring antd's
 * shell (AntdShell) with them, inside this layout.
 */
export default function MemberLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <div className="sx-member">
      <main className="sx-member-main">
        <Outlet />
      </main>
      <nav data-testid="tab-bar" aria-label={S.appName} className="sx-tabbar">
        <div className="sx-tabbar-inner">
          {TABS.map(({ path, also, label, Icon }) => {
            const under = (p: string) => location.pathname === p || location.pathname.startsWith(`${p}/`);
            const active = path === '/' ? location.pathname === '/' : [path, ...(also ?? [])].some(under);
            return (
              <button key={path} type="button" className="sx-tab" aria-current={active ? 'page' : undefined} onClick={() => void navigate(path)}>
                <span className="sx-tab-icon">
                  <Icon filled={active && path !== '/me'} />
                </span>
                {label}
              </button>
            );
          })}
        </div>
      </nav>
    </div>
  );
}
