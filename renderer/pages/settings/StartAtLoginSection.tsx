import { useEffect, useState } from 'react';
import type { LoginItemState } from '../../../electron/shared/ipc';
import { describeError } from '../../../src/errors';
import { electronHost } from '../../host';

/**
 * Start at login (desktop only): the app starts hidden in the tray when the coordinator logs
 * in, so the daily certification check runs even on a day the window is never opened.
 */
export function StartAtLoginSection() {
  const host = electronHost();
  const [state, setState] = useState<LoginItemState | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!host) return;
    let live = true;
    host.startAtLogin
      .get()
      .then((next) => live && setState(next))
      .catch((failure: unknown) => live && setError(describeError(failure)));
    return () => {
      live = false;
    };
  }, [host]);

  const change = (enabled: boolean) => {
    if (!host) return;
    host.startAtLogin
      .set(enabled)
      .then((next) => {
        setState(next);
        setError(null);
      })
      .catch((failure: unknown) => setError(describeError(failure)));
  };

  return (
    <section className="card" aria-labelledby="start-at-login-title">
      <header className="card-header">
        <h2 id="start-at-login-title">Start at login</h2>
      </header>
      {!host ? (
        <p className="muted">
          Start at login is a setting of the desktop app. In a browser the daily certification check runs
          while the app is open in a tab.
        </p>
      ) : state === undefined ? (
        <p className="muted">{error ?? 'Loading…'}</p>
      ) : (
        <div className="form">
          <label className="choice">
            <input
              type="checkbox"
              checked={state.enabled}
              disabled={!state.supported}
              onChange={(event) => change(event.target.checked)}
            />
            Start Registration Orchestrator when I log in
          </label>
          <span className="field-hint">
            It starts hidden in the tray, so the daily certification check runs even on a day you never open
            the window.{' '}
            {state.chosen
              ? ''
              : 'On by default once your first reminder is set up (a mentor roster with expiry dates). '}
            {state.supported
              ? ''
              : 'Only the installed app can start at login; this copy runs from the source.'}
          </span>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
