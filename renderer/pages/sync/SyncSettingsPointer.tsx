import { hrefFor } from '../../app/navigation';

/**
 * On the Settings page: where the server address and token are set. They live on the Sync page,
 * next to what they affect (the state, the outbox, the refused changes).
 */
export function SyncSettingsPointer() {
  return (
    <section className="card" aria-labelledby="sync-settings-title">
      <header className="card-header">
        <h2 id="sync-settings-title">Server and sync</h2>
      </header>
      <p>
        The central server&apos;s address and your token are set on the{' '}
        <a href={hrefFor('sync')}>Sync page</a>, which also shows what waits to be sent and what the server
        refused.
      </p>
    </section>
  );
}
