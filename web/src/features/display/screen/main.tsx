// The lobby screen: a separate, light entry (web/screen.html) that loads neither
// the console nor antd. It reads its feed through the secret URL's token.
import { createRoot } from 'react-dom/client';
import { ScreenApp } from './ScreenApp';
import './screen.css';

const token = decodeURIComponent(window.location.pathname.split('/')[2] ?? '');
createRoot(document.getElementById('screen')!).render(<ScreenApp token={token} />);

// Keep the shell and its scripts for a restart of the panel while the server is away.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('/screen-sw.js', { scope: '/screen/' })
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      // The page and the scripts it loaded before the worker took over.
      const assets = performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name))
        .filter((u) => u.origin === window.location.origin && u.pathname.startsWith('/assets/'))
        .map((u) => u.pathname);
      reg.active?.postMessage({ keep: [window.location.pathname, ...assets] });
    })
    .catch(() => undefined);
}
