import { useLiveQuery } from 'dexie-react-hooks';
import { StaffUuid, loadStaffUuid, saveStaffUuid } from '../../../src/walkins/staffSettings';
import { db } from '../../database/db';
import { SettingsTextForm, type SettingsSave } from './SettingsTextForm';

/** The staff UUID walk-ins are authorized by (seed 004's `authorizing_uuid`): set once here. */
export function StaffSection() {
  const staff = useLiveQuery(() => loadStaffUuid(db), []);
  return (
    <section className="card" aria-labelledby="staff-title">
      <header className="card-header">
        <h2 id="staff-title">Walk-in authorization</h2>
      </header>
      {staff === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <SettingsTextForm
          id="staff-uuid"
          label="Staff UUID"
          hint="Your UUID as the college’s staff directory gives it. Every walk-in you authorize is authorized in this name."
          submitLabel="Save staff UUID"
          initial={staff ?? ''}
          save={saveStaff}
        />
      )}
    </section>
  );
}

/** A UUID is stored as the schema writes it, and shown so. */
async function saveStaff(text: string): Promise<SettingsSave> {
  const checked = StaffUuid.safeParse(text);
  if (!checked.success) return { error: checked.error.issues[0]?.message ?? 'Not a valid staff UUID' };
  await saveStaffUuid(db, checked.data);
  return { shown: checked.data };
}
