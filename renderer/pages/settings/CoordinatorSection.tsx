import { CoordinatorId, updateCoordinatorSettings } from '../../../src/settings/coordinatorSettings';
import { db } from '../../database/db';
import { SettingsTextForm, type SettingsSave } from './SettingsTextForm';
import { useCoordinatorSettings } from './useCoordinatorSettings';

/** Who submits the batches: entered once, sent with every batch as `coordinator_id`. */
export function CoordinatorSection() {
  const settings = useCoordinatorSettings();
  return (
    <section className="card" aria-labelledby="coordinator-title">
      <header className="card-header">
        <h2 id="coordinator-title">Coordinator</h2>
      </header>
      {settings === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <SettingsTextForm
          id="coordinator-id"
          label="Coordinator id"
          hint="The id the central server knows you by, such as coord-119. Every batch you submit carries it."
          submitLabel="Save coordinator id"
          initial={settings.coordinator_id ?? ''}
          save={saveCoordinator}
        />
      )}
    </section>
  );
}

/** The id is stored as the schema reads it; the field keeps what was typed. */
async function saveCoordinator(text: string): Promise<SettingsSave> {
  const checked = CoordinatorId.safeParse(text);
  if (!checked.success) return { error: checked.error.issues[0]?.message ?? 'Not a valid coordinator id' };
  await updateCoordinatorSettings(db, { coordinator_id: checked.data });
  return { shown: text };
}
