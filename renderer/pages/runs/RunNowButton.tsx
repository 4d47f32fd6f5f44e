import { useState } from 'react';
import { requestRunNow } from '../../../src/expiry';
import { db } from '../../database/db';

/** "Run now": queues a manual run (`admin_manual`); the engine runs it even offline. */
export function RunNowButton() {
  const [message, setMessage] = useState<{ tone: 'ok' | 'danger'; text: string } | null>(null);
  const runNow = async () => {
    try {
      await requestRunNow(db, Date.now());
      setMessage({ tone: 'ok', text: 'A run was queued: it appears below as soon as it starts.' });
    } catch (error) {
      setMessage({ tone: 'danger', text: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <div className="run-now">
      <button type="button" className="button button-small" onClick={() => void runNow()}>
        Run now
      </button>
      {message && (
        <span className={`alert alert-${message.tone}`} role={message.tone === 'danger' ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </div>
  );
}
