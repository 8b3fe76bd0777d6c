import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Grid, Layout, Menu, Tag, Typography, type MenuProps } from 'antd';
import { HomeOutlined, LogoutOutlined, MenuOutlined, ReadOutlined } from '@ant-design/icons';
import { roleLabels, useSignedIn, useSignOut } from '../api/session';
import { groupedNav, navFor } from './nav';
import { Bell } from '../features/inbox/components/Bell';
import { S } from './strings';

const { Header, Sider, Content } = Layout;

function Brand({ compact }: { compact?: boolean }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, color: '#fff', height: 56, padding: compact ? 0 : '0 20px', fontSize: 16, fontWeight: 600, letterSpacing: 1 }}>
      <ReadOutlined style={{ fontSize: 20, color: '#e8c27a' }} />
      <span>{S.appName}</span>
    </div>
  );
}

/** The office console: a menu built from the user's roles, and a header with who is signed in. */
export default function ConsoleLayout() {
  const me = useSignedIn();
  const signOut = useSignOut();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  // Before antd has measured, ask the browser directly so phones never flash the Sider.
  const isDesktop = screens.lg ?? window.matchMedia('(min-width: 992px)').matches;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const items = navFor(me);
  const selected = [...items].sort((a, b) => b.path.length - a.path.length).find((n) => location.pathname === n.path || location.pathname.startsWith(`${n.path}/`));

  const groups = groupedNav(items);
  const selectedGroup = selected ? groups.find((g) => g.items.includes(selected))?.group : null;
  // On a desktop every area is a labelled group; in the phone's drawer each area folds, the current one open.
  const menuItems: MenuProps['items'] = groups.flatMap((g): NonNullable<MenuProps['items']> => {
    const children = g.items.map((n) => ({ key: n.path, icon: n.icon, label: n.label }));
    if (!g.group) return children;
    return isDesktop ? [{ type: 'group' as const, key: `area:${g.group}`, label: g.group, children }] : [{ key: `area:${g.group}`, label: g.group, children }];
  });
  const [openAreas, setOpenAreas] = useState<string[]>(selectedGroup ? [`area:${selectedGroup}`] : []);
  const menu = (
    <Menu
      data-testid="console-menu"
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected.path] : []}
      {...(isDesktop ? {} : { openKeys: openAreas, onOpenChange: (keys: string[]) => setOpenAreas(keys) })}
      items={menuItems}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(key);
      }}
    />
  );
  const name = me.member?.name ?? me.user.displayName;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isDesktop ? (
        <Sider width={216} style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          <Brand />
          {menu}
        </Sider>
      ) : (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#231f1f' } }}
        >
          <Brand />
          {menu}
        </Drawer>
      )}
      <Layout>
        <Header style={{ display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #ece8e3', position: 'sticky', top: 0, zIndex: 10 }}>
          {!isDesktop && <Button type="text" aria-label={S.openMenu} icon={<MenuOutlined />} onClick={() => setDrawerOpen(true)} />}
          {!isDesktop && <Typography.Text strong>{S.appName}</Typography.Text>}
          <div style={{ flex: 1 }} />
          <div style={{ display: 'flex', alignItems: 'center', gap: isDesktop ? 12 : 4, minWidth: 0 }}>
            <span
              data-testid="header-user"
              style={{ fontWeight: 600, maxWidth: isDesktop ? 200 : 96, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', lineHeight: '32px' }}
            >
              {name}
            </span>
            {isDesktop &&
              roleLabels(me).map((l) => (
                <Tag key={l} color="red" variant="outlined" style={{ marginInlineEnd: 0 }}>
                  {l}
                </Tag>
              ))}
            <Bell to="/console/inbox" />
            {me.member && (
              <Link to="/" data-testid="to-member-home" aria-label={S.memberHome}>
                <Button type="link" icon={<HomeOutlined />} style={{ paddingInline: 4 }}>
                  {isDesktop ? S.memberHome : null}
                </Button>
              </Link>
            )}
            <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out" aria-label={S.signOut}>
              {isDesktop ? S.signOut : null}
            </Button>
          </div>
        </Header>
        <Content style={{ padding: isDesktop ? 24 : 12, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
