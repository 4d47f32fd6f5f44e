import { useUi } from '../app/store';
import { useEngineStatus, type EngineView } from '../hooks/useEngineStatus';
import { NetworkStatus } from './NetworkStatus';
import { SyncIndicator } from './SyncIndicator';

const ENGINE_LABEL: Record<EngineView['kind'], string> = {
  loading: 'Checking…',
  starting: 'Starting',
  running: 'Running',
  idle: 'Idle',
  error: 'Error',
  stopped: 'Stopped',
};

const ENGINE_TONE: Record<EngineView['kind'], string> = {
  loading: 'neutral',
  starting: 'info',
  running: 'info',
  idle: 'ok',
  error: 'danger',
  stopped: 'warning',
};

function engineDetail(view: EngineView): string {
  switch (view.kind) {
    case 'loading':
      return 'Reading the engine state';
    case 'stopped':
      return 'No background engine is running for this profile: queued work waits until one starts.';
    case 'error':
      return view.status.error ?? 'The engine stopped on an error.';
    case 'running':
      return view.status.active_job ? `Working on job ${view.status.active_job}` : 'Working';
    case 'idle':
      return 'Nothing to do: waiting for work';
    case 'starting':
      return 'The engine is starting';
  }
}

export function StatusBar() {
  const engine = useEngineStatus();
  const persisted = useUi((s) => s.storagePersisted);

  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-item" role="status" aria-label="Engine" title={engineDetail(engine)}>
        <span className={`dot dot-${ENGINE_TONE[engine.kind]}`} aria-hidden="true" />
        Engine: <span className="status-value">{ENGINE_LABEL[engine.kind]}</span>
      </span>
      <NetworkStatus />
      <SyncIndicator />
      {persisted !== null && (
        <span
          className="status-item"
          title={
            persisted
              ? 'The browser keeps this data even when the disk runs low.'
              : 'The browser may clear this data when the disk runs low; sync often.'
          }
        >
          <span className={`dot dot-${persisted ? 'ok' : 'warning'}`} aria-hidden="true" />
          Storage: <span className="status-value">{persisted ? 'persistent' : 'best effort'}</span>
        </span>
      )}
    </footer>
  );
}
