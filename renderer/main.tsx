import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { requestPersistentStorage, watchForQuotaErrors } from './app/storage';
import { startBrowserEngineHost } from './engine-host/browser';
import { isElectronHost } from './host';
import './styles/index.css';

watchForQuotaErrors();
// In Electron the hidden engine window runs the engine; in a browser this tab's worker may.
if (!isElectronHost()) startBrowserEngineHost();
void requestPersistentStorage();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
