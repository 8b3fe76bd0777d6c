// UI text of the app shell (menus, header, tab bar).
export const S = {
  appName: '书香机关',
  consoleName: '书香机关 · 办公台',
  menu: {
    home: '工作台',
    org: '单位与名册',
    library: '馆藏',
    desk: '借还服务台',
    users: '账号与角色',
    settings: '指标与设置',
    audit: '审计日志',
  },
  memberHome: '我的首页',
  signOut: '退出登录',
  openMenu: '打开菜单',
  tabHome: '首页',
  tabLibrary: '借阅',
  tabStudy: '学习',
  tabReflections: '心得',
  tabMe: '我的',
  demoNotice: '演示账号',
} as const;
