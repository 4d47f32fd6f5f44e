import { ChangedOutcomesSection } from './ChangedOutcomesSection';
import { OutboxSection } from './OutboxSection';
import { RejectedSection } from './RejectedSection';
import { ServerSection } from './ServerSection';
import { SyncStateSection } from './SyncStateSection';
import { useSyncLists } from './useSyncLists';
import '../settings/forms.css';
import '../batches/batches.css';
import './sync.css';

/**
 * `#/sync`: where this computer stands with the central server: the state and "Sync now", what
 * waits to be sent, what the server refused (edit and retry, or discard), the outcomes the server
 * decided otherwise, and the server's address and token.
 */
export function SyncPage() {
  const lists = useSyncLists();
  return (
    <div className="page sync">
      <SyncStateSection lists={lists} />
      <RejectedSection rows={lists?.rejected} />
      <ChangedOutcomesSection changed={lists?.changed} />
      <OutboxSection rows={lists?.open} />
      <ServerSection />
    </div>
  );
}
