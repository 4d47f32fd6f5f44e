import { CoordinatorSection } from './CoordinatorSection';
import { ImportSection } from './ImportSection';
import { StaffSection } from './StaffSection';
import { StartAtLoginSection } from './StartAtLoginSection';
import { SyncSettingsPointer } from '../sync/SyncSettingsPointer';
import './forms.css';

/**
 * The coordinator's settings, one card per concern: who submits (coordinator), how files are
 * read (import); the sync settings (server address, token) are on the Sync page, pointed to here.
 */
export function SettingsPage() {
  return (
    <div className="page settings">
      <CoordinatorSection />
      <ImportSection />
      <StaffSection />
      <StartAtLoginSection />
      <SyncSettingsPointer />
    </div>
  );
}
