// The lobby screen: a separate, light entry (web/screen.html) that loads neither
// the console nor antd. It reads its feed through the secret URL's token.
import { createRoot } from 'react-dom/client';
import { PublicPage } from './PublicPage';
import { ScreenApp } from './ScreenApp';
import './screen.css';

// /screen/<token>: a lobby screen; /p/<unit id>: the public page for the WeChat account.
const [, kind, key] = window.location.pathname.split('/');
const root = createRoot(document.getElementById('screen')!);
if (kind === 'p') {
  document.documentElement.classList.add('public-root');
  root.render(<PublicPage unitId={decodeURIComponent(key ?? '')} />);
} else root.render(<ScreenApp token={decodeURIComponent(key ?? '')} />);

// Keep the shell and its scripts for a restart of the panel while the server is away.
if (kind === 'screen' && 'serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/screen-sw.js', { scope: '/screen/' })
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      // The page and the scripts it loaded before the worker took over.
      const assets = [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[href]')]
        .map((e) => new URL(e instanceof HTMLScriptElement ? e.src : e.href, window.location.href))
        .filter((u) => u.origin === window.location.origin && u.pathname.startsWith('/assets/'))
        .map((u) => u.pathname);
      reg.active?.postMessage({ keep: [window.location.pathname, ...assets] });
    })
    .catch(() => undefined);
}
