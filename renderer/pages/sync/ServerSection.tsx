import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { testConnection, type ConnectionCheck } from '../../../src/sync/connection';
import { ServerSettings, saveServerSettings, type TokenLocation } from '../../../src/sync/settings';
import { requestSync } from '../../../src/sync/syncer';
import { db } from '../../database/db';
import { loadServerForm, syncTokenStore, type ServerForm } from './serverSettingsStore';

/**
 * Where the server is and the token that proves who we are, with "Test connection". Saving asks
 * for a sync at once: a sync paused for a refused token resumes with the new one. Under the token
 * field the page says where the token is kept (IndexedDB, unencrypted, in the browser build; the
 * OS key store, or memory only when there is none, on the desktop).
 */
export function ServerSection() {
  const initial = useLiveQuery(loadServerForm, []);
  return (
    <section className="card" aria-labelledby="server-title">
      <header className="card-header">
        <h2 id="server-title">Server</h2>
      </header>
      {initial === undefined ? <p className="muted">Loading…</p> : <ServerFormView initial={initial} />}
    </section>
  );
}

type Checking = { kind: 'idle' } | { kind: 'checking' } | { kind: 'checked'; result: ConnectionCheck };

function ServerFormView({ initial }: { initial: ServerForm }) {
  const [url, setUrl] = useState(initial.url);
  const [token, setToken] = useState(initial.token);
  const [errors, setErrors] = useState<{ url?: string; token?: string }>({});
  const [saved, setSaved] = useState(false);
  const [check, setCheck] = useState<Checking>({ kind: 'idle' });
  const [where, setWhere] = useState<TokenLocation | undefined>(undefined);

  useEffect(() => {
    let live = true;
    syncTokenStore.where().then(
      (location) => live && setWhere(location),
      () => live && setWhere(undefined),
    );
    return () => {
      live = false;
    };
  }, [saved]);

  const edited = () => {
    setSaved(false);
    setCheck({ kind: 'idle' });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = ServerSettings.safeParse({ url, token });
    if (!parsed.success) {
      const fieldErrors = parsed.error.flatten().fieldErrors;
      setErrors({ url: fieldErrors.url?.[0], token: fieldErrors.token?.[0] });
      setSaved(false);
      return;
    }
    try {
      await saveServerSettings(db, syncTokenStore, parsed.data);
    } catch (error) {
      // the desktop's key store could not keep it (a disk error, say); the previous token stays
      setErrors({ token: `The token could not be saved: ${(error as Error).message}` });
      setSaved(false);
      return;
    }
    await requestSync(db, 'settings', Date.now());
    setErrors({});
    setSaved(true);
  };

  const runCheck = async () => {
    setCheck({ kind: 'checking' });
    const result = await testConnection(url.trim(), token.trim());
    setCheck({ kind: 'checked', result });
  };

  return (
    <form className="form" onSubmit={(e) => void save(e)} noValidate>
      <div className="field">
        <label htmlFor="server-url">Server address</label>
        <input
          id="server-url"
          className="input"
          type="url"
          value={url}
          placeholder="https://registrations.example.org"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.url ? true : undefined}
          aria-describedby="server-url-hint server-url-error"
          onChange={(e) => {
            setUrl(e.target.value);
            edited();
          }}
        />
        <span id="server-url-hint" className="field-hint">
          The central server&apos;s address, without /api/v1.
        </span>
        <span id="server-url-error" className="field-error" role="alert">
          {errors.url}
        </span>
      </div>
      <div className="field">
        <label htmlFor="server-token">Token</label>
        <input
          id="server-token"
          className="input"
          type="password"
          value={token}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.token ? true : undefined}
          aria-describedby="server-token-hint server-token-error"
          onChange={(e) => {
            setToken(e.target.value);
            edited();
          }}
        />
        <span id="server-token-hint" className="field-hint">
          {where?.description ?? 'Checking where the token is kept…'}
        </span>
        <span id="server-token-error" className="field-error" role="alert">
          {errors.token}
        </span>
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          Save server settings
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={check.kind === 'checking'}
          onClick={() => void runCheck()}
        >
          {check.kind === 'checking' ? 'Testing…' : 'Test connection'}
        </button>
        {saved && (
          <span className="saved" role="status">
            Saved
          </span>
        )}
      </div>
      {check.kind === 'checked' && (
        <p
          className={`alert ${check.result.ok ? 'alert-ok' : 'alert-danger'}`}
          role="status"
          aria-label="Connection test"
        >
          {check.result.message}
        </p>
      )}
    </form>
  );
}
