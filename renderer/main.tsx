import './zodJitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { requestPersistentStorage, watchForQuotaErrors } from './app/storage';
import { db } from './database/db';
import { startBrowserEngineHost } from './engine-host/browser';
import { shareSyncServerWithMain } from './engine-host/share-sync-server';
import { electronHost } from './host';
import { openFilesFromHost } from './pages/import/filesFromHost';
import './styles/index.css';

watchForQuotaErrors();
// In Electron the hidden engine window runs the engine; in a browser this tab's worker may.
const host = electronHost();
if (host) {
  shareSyncServerWithMain(host, db);
  openFilesFromHost(host);
} else startBrowserEngineHost();
void requestPersistentStorage();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
