import { hrefFor } from '../../app/navigation';
import { useCoordinatorSettings } from '../settings/useCoordinatorSettings';

/** Batches carry the coordinator id: without one set, the import cannot submit and says where to set it. */
export function CoordinatorNotice() {
  const settings = useCoordinatorSettings();
  if (settings === undefined || settings.coordinator_id) return null;
  return (
    <div className="alert alert-warning" role="note">
      <h2>Your coordinator id is not set</h2>
      <p>
        Every batch carries the coordinator id that submits it.{' '}
        <a href={hrefFor('settings')}>Set it in Settings</a> before you submit; you can prepare the import
        meanwhile.
      </p>
    </div>
  );
}
