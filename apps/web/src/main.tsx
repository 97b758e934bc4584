import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { i18nReady } from './i18n';
import { tokens } from './lib/auth';
import { pages, preloadPage } from './lib/pages';

// The first page's code downloads while this bundle starts (index.html shows the first screen
// meanwhile); React renders once it is here, so nothing suspends on the way to the first page.
const first = tokens.get() ? [pages.Shell.preload(), preloadPage(location.pathname)] : [pages.Login.preload()];

void Promise.all([i18nReady, ...first].map((p) => p?.catch(() => undefined))).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
