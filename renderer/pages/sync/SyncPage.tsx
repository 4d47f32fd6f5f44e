import { ChangedOutcomesSection } from './ChangedOutcomesSection';
import { ChangedRegistrationsSection } from './ChangedRegistrationsSection';
import { OutboxSection } from './OutboxSection';
import { RejectedSection } from './RejectedSection';
import { ServerSection } from './ServerSection';
import { SyncStateSection } from './SyncStateSection';
import { useSyncLists } from './useSyncLists';
import { hrefFor } from '../../app/navigation';
import { useHashQuery } from '../expiry/useHashQuery';
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
  // `#/sync?show=rejected` or `?show=outbox` (the dashboard's links): that list alone
  const show = useHashQuery('show');
  if (show === 'rejected' || show === 'outbox') {
    return (
      <div className="page sync">
        <div className="alert alert-info" role="note">
          <p>
            Showing only{' '}
            {show === 'rejected' ? 'the changes the server refused' : 'the changes waiting to send'}.{' '}
            <a href={hrefFor('sync')}>Show the whole Sync page</a>
          </p>
        </div>
        {show === 'rejected' ? (
          lists?.rejected.length === 0 ? (
            <p className="empty">The server refused nothing: no change waits for your decision.</p>
          ) : (
            <RejectedSection rows={lists?.rejected} />
          )
        ) : (
          <OutboxSection rows={lists?.open} />
        )}
      </div>
    );
  }
  return (
    <div className="page sync">
      <SyncStateSection lists={lists} />
      <RejectedSection rows={lists?.rejected} />
      <ChangedOutcomesSection changed={lists?.changed} />
      <ChangedRegistrationsSection registrations={lists?.changedRegistrations} />
      <OutboxSection rows={lists?.open} />
      <ServerSection />
    </div>
  );
}
