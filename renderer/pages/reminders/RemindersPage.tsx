import { NotificationPrompt } from '../dashboard/NotificationPrompt';
import { NotificationListSection } from './NotificationListSection';
import { ReminderSettingsSection } from './ReminderSettingsSection';
import '../settings/forms.css';
import '../batches/batches.css';
import '../expiry/expiry.css';

/**
 * `#/reminders`: the certification expiry reminders this computer raised (the in-app list, kept
 * whether or not system notifications are allowed) and when and how they are raised.
 */
export function RemindersPage() {
  return (
    <div className="page reminders">
      <NotificationPrompt />
      <NotificationListSection />
      <ReminderSettingsSection />
    </div>
  );
}
