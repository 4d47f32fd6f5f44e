import { CoordinatorSection } from './CoordinatorSection';
import { ImportSection } from './ImportSection';
import './forms.css';

/**
 * The coordinator's settings, one card per concern: who submits (coordinator), how files are
 * read (import). The sync settings (server address, token) join as their own section.
 */
export function SettingsPage() {
  return (
    <div className="page settings">
      <CoordinatorSection />
      <ImportSection />
    </div>
  );
}
