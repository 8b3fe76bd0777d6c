import { useEffect, useState } from 'react';
import { onOfflineChange } from '../api/client';
import { S } from './strings';

/** Shown over every page while the browser is offline or the server cannot be reached (plain elements: it is in the app's first chunk). */
export function OfflineBanner() {
  const [offline, setOffline] = useState(() => !navigator.onLine);
  useEffect(() => {
    const down = () => setOffline(true);
    const up = () => setOffline(false);
    window.addEventListener('offline', down);
    window.addEventListener('online', up);
    const off = onOfflineChange(setOffline);
    return () => {
      window.removeEventListener('offline', down);
      window.removeEventListener('online', up);
      off();
    };
  }, []);
  if (!offline) return null;
  return (
    <div data-testid="offline-banner" role="alert" className="sx-banner sx-banner-warning">
      <span className="sx-banner-icon" aria-hidden="true">!</span>
      {S.offlineBanner}
    </div>
  );
}
