/* eslint-disable @typescript-eslint/no-unused-vars -- API first: the bodies follow in the next commits */
import type { RegisterLax, RegistrationCommand } from '../contract';
import type { AppDatabase, EventRecord, RegistrationRecord } from '../db';
import type { LocalCommandOptions } from '../reference/context';

/**
 * Seed 002's registration commands applied on the laptop: the same pure functions the server
 * runs (`src/domain/registrationCommands.ts`), against the local copy of events, learners and
 * reference data, each writing the registration, the events whose seats changed and its outbox
 * entry in one Dexie transaction. A refusal is the rule's `RegistrationError` (seed 002's
 * sentence word for word; `errorField(error)` names the field), and nothing is stored.
 */

export interface RegisterLaxLocalOptions extends LocalCommandOptions {
  /** the registration's client UUID; default a new one */
  registrationId?: string;
}

export interface RegisterLaxLocalResult {
  registration: RegistrationRecord;
  /** the event registered on, with its seat count after this registration */
  event: EventRecord;
  /** true when no local event was at that venue and start and a provisional one was made */
  madeProvisionalEvent: boolean;
}

/**
 * register-lax: the non-cancelled local event at the body's venue and start, or a provisional
 * one made from its exam type, format and billing code; the seat limit is checked with the local
 * count. Sent as `registration.register-lax`; the answer maps a provisional event onto the
 * server's.
 */
export async function registerLaxLocal(
  db: AppDatabase,
  body: RegisterLax,
  options?: RegisterLaxLocalOptions,
): Promise<RegisterLaxLocalResult> {
  throw new Error('not built yet');
}

/** Every command but register-lax. */
export type FollowUpCommand = Exclude<RegistrationCommand, { command: 'register-lax' }>;

export interface CommandLocalResult {
  registration: RegistrationRecord;
  /** false when the command changed nothing (revoking a type not granted): nothing was queued */
  changed: boolean;
  /** the events whose seats changed (a transfer's two, a cancel's one), or a provisional target */
  events: EventRecord[];
}

/**
 * transfer-lax, cancel, change-assessment, grant- and revoke-accommodation on a local
 * registration. Queued after the registration's earlier entries; one on a registration not yet
 * pushed waits for its create's answer.
 */
export async function applyRegistrationCommand(
  db: AppDatabase,
  registrationId: string,
  command: FollowUpCommand,
  options?: LocalCommandOptions,
): Promise<CommandLocalResult> {
  throw new Error('not built yet');
}
