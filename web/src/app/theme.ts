import type { ThemeConfig } from 'antd';

/** A restrained party-building palette: deep red for actions, ink for text, paper for ground. */
export const INK = '#2b2b2b';
export const PRIMARY = '#9e1b1b';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: PRIMARY,
    colorText: INK,
    colorBgLayout: '#f6f4f1',
    borderRadius: 6,
    fontFamily: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Segoe UI', Roboto, sans-serif",
  },
  components: {
    Layout: { siderBg: '#231f1f', headerBg: '#ffffff', headerPadding: '0 16px', headerHeight: 56 },
    Menu: { darkItemBg: '#231f1f', darkSubMenuItemBg: '#1a1717', darkItemSelectedBg: PRIMARY },
  },
};
