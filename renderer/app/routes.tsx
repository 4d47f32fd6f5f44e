import type { ComponentType } from 'react';
import { AttendeesPage } from '../pages/attendees/AttendeesPage';
import { BatchesPage } from '../pages/batches/BatchesPage';
import { DashboardPage } from '../pages/dashboard/DashboardPage';
import { DeskPage } from '../pages/desk/DeskPage';
import { EventsPage } from '../pages/events/EventsPage';
import { ImportPage } from '../pages/import/ImportPage';
import { MentorsPage } from '../pages/mentors/MentorsPage';
import { RegistrationsPage } from '../pages/registrations/RegistrationsPage';
import { RemindersPage } from '../pages/reminders/RemindersPage';
import { RunsPage } from '../pages/runs/RunsPage';
import { ScrapPaperPage } from '../pages/scrap-paper/ScrapPaperPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { SyncPage } from '../pages/sync/SyncPage';
import { WalkinsPage } from '../pages/walkins/WalkinsPage';

export interface Route {
  /** also the URL hash: `#/dashboard` */
  id: string;
  /** the navigation label and the page's heading */
  label: string;
  Page: ComponentType;
}

/** Every page of the app, in navigation order. Adding a page is one line here. */
export const routes: readonly Route[] = [
  { id: 'dashboard', label: 'Dashboard', Page: DashboardPage },
  { id: 'import', label: 'Import', Page: ImportPage },
  { id: 'batches', label: 'Batches', Page: BatchesPage },
  { id: 'attendees', label: 'People imports', Page: AttendeesPage },
  { id: 'mentors', label: 'Mentors', Page: MentorsPage },
  { id: 'runs', label: 'Reminder runs', Page: RunsPage },
  { id: 'reminders', label: 'Reminders', Page: RemindersPage },
  { id: 'events', label: 'Events', Page: EventsPage },
  { id: 'desk', label: 'Registration desk', Page: DeskPage },
  { id: 'registrations', label: 'Registrations', Page: RegistrationsPage },
  { id: 'scrap-paper', label: "Invigilator's sheet", Page: ScrapPaperPage },
  { id: 'walkins', label: 'Walk-ins', Page: WalkinsPage },
  { id: 'sync', label: 'Sync', Page: SyncPage },
  { id: 'settings', label: 'Settings', Page: SettingsPage },
];

export const defaultRoute: Route = routes[0]!;

export function findRoute(id: string | undefined): Route | undefined {
  return routes.find((route) => route.id === id);
}

/** `#/batches/abc` -> `batches` */
export function routeIdFromHash(hash: string): string | undefined {
  return /^#\/([^/?]+)/.exec(hash)?.[1];
}
