import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SessionProvider } from './session';
// The console carries its own Chinese font: intranet desktops have odd fonts or none, and nothing
// may be fetched from the internet. The font is split by unicode-range, so a page downloads only
// the slices holding the characters it shows (tens of kilobytes, not the whole 3.7 MB face).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/600.css';
import './styles.css';
import { firstViewDrawn } from './first-view/handoff';
import { FONT_STACK } from './fonts';
import { keepTablesKeyboardScrollable } from './keyboard-scroll';

dayjs.locale('zh-cn');

/**
 * antd's grey text (45 % black, about #8c8c8c) reads at 3.4:1 on white, under WCAG AA's 4.5:1;
 * the greys here are darker (65 % ≈ #595959, 7:1; 55 % ≈ #737373, 4.7:1) and keep their order.
 */
const THEME = {
  token: {
    colorPrimary: '#b71c1c',
    // antd's red (#ff4d4f) is 3.9:1 on white: danger buttons and error text take a darker one.
    colorError: '#cf1322',
    fontFamily: FONT_STACK,
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.55)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  },
};

const root = document.getElementById('root')!;
keepTablesKeyboardScrollable(root);
// The dashboard's first view, when it is being drawn, gets its frame before the console's work starts.
// (A promise, not a top-level await: one of those would split the entry into a score of chunks.)
void firstViewDrawn(5_000).then(() =>
  createRoot(root).render(
    <StrictMode>
      <ConfigProvider locale={zhCN} theme={THEME}>
        <AntApp>
          <SessionProvider>
            <App />
          </SessionProvider>
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  ),
);
