import { Outlet, useLocation, useNavigate } from 'react-router';
import { BookFilled, BookOutlined, EditFilled, EditOutlined, HomeFilled, HomeOutlined, ReadFilled, ReadOutlined, UserOutlined } from '@ant-design/icons';
import { S } from './strings';

const TABS = [
  { path: '/', label: S.tabHome, icon: <HomeOutlined />, activeIcon: <HomeFilled /> },
  { path: '/library', label: S.tabLibrary, icon: <BookOutlined />, activeIcon: <BookFilled /> },
  // Notes and online learning are reached from 学习 and belong under it.
  { path: '/study', also: ['/notes', '/learning'], label: S.tabStudy, icon: <ReadOutlined />, activeIcon: <ReadFilled /> },
  { path: '/reflections', label: S.tabReflections, icon: <EditOutlined />, activeIcon: <EditFilled /> },
  { path: '/me', label: S.tabMe, icon: <UserOutlined />, activeIcon: <UserOutlined /> },
];

/** The phone shell: one column, a bottom tab bar within thumb reach. */
export default function MemberLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <div style={{ minHeight: '100vh', background: '#f6f4f1' }}>
      <main style={{ maxWidth: 640, margin: '0 auto', padding: '0 0 calc(72px + env(safe-area-inset-bottom))' }}>
        <Outlet />
      </main>
      <nav
        data-testid="tab-bar"
        aria-label={S.appName}
        style={{
          position: 'fixed',
          left: 0,
          right: 0,
          bottom: 0,
          display: 'flex',
          justifyContent: 'center',
          background: '#fff',
          borderTop: '1px solid #ece8e3',
          paddingBottom: 'env(safe-area-inset-bottom)',
          zIndex: 20,
        }}
      >
        <div style={{ display: 'flex', width: '100%', maxWidth: 640 }}>
          {TABS.map((t) => {
            const under = (p: string) => location.pathname === p || location.pathname.startsWith(`${p}/`);
            const active = t.path === '/' ? location.pathname === '/' : [t.path, ...(t.also ?? [])].some(under);
            return (
              <button
                key={t.path}
                type="button"
                aria-current={active ? 'page' : undefined}
                onClick={() => void navigate(t.path)}
                style={{
                  flex: 1,
                  height: 56,
                  border: 0,
                  background: 'transparent',
                  display: 'flex',
                  flexDirection: 'column',
                  alignItems: 'center',
                  justifyContent: 'center',
                  gap: 2,
                  fontSize: 12,
                  color: active ? '#9e1b1b' : '#6b6560',
                  cursor: 'pointer',
                }}
              >
                <span style={{ fontSize: 22, lineHeight: 1 }}>{active ? t.activeIcon : t.icon}</span>
                {t.label}
              </button>
            );
          })}
        </div>
      </nav>
    </div>
  );
}
