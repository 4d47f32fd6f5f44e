import type { FastifyInstance } from 'fastify';
import {
  REGISTRATION_COMMANDS,
  RegistrationCommandParams,
  RegistrationFeedQuery,
  RegistrationFilters,
  RegistrationIdParams,
  RegistrationSearch,
  type RegistrationCommandName,
  type Registration,
  paths,
} from '../../src/contract';
import type { Principal } from '../auth';
import type { ServerDeps } from '../app';
import type { RegistrationStore } from '../registrations';
import { bodyOf, parseC, principalOf } from './partC';

type Handler = (
  store: RegistrationStore,
  id: string,
  body: unknown,
  principal: Principal,
) => Promise<Registration>;

/** Each command's store call, by the last part of its path: one descriptor each. */
const COMMAND_HANDLERS: { [K in RegistrationCommandName]: Handler } = {
  'register-lax': (s, id, body, p) =>
    s.registerLax(id, parseC(REGISTRATION_COMMANDS['register-lax'], body), p),
  'transfer-lax': (s, id, body, p) =>
    s.transferLax(id, parseC(REGISTRATION_COMMANDS['transfer-lax'], body), p),
  cancel: (s, id, body, p) => s.cancel(id, parseC(REGISTRATION_COMMANDS.cancel, body), p),
  'change-assessment': (s, id, body, p) =>
    s.changeAssessment(id, parseC(REGISTRATION_COMMANDS['change-assessment'], body), p),
  'grant-accommodation': (s, id, body, p) =>
    s.grantAccommodation(id, parseC(REGISTRATION_COMMANDS['grant-accommodation'], body), p),
  'revoke-accommodation': (s, id, body, p) =>
    s.revokeAccommodation(id, parseC(REGISTRATION_COMMANDS['revoke-accommodation'], body), p),
};

/** Part C3: registrations (seed 002). */
export function registerRegistrationRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { registrations } = deps;
  const registrationPath = `${paths.registrations}/:registration_id`;

  app.post(`${registrationPath}/commands/:command`, async (request) => {
    const { registration_id, command } = parseC(RegistrationCommandParams, request.params, 'path');
    return COMMAND_HANDLERS[command](registrations, registration_id, bodyOf(request), principalOf(request));
  });
  app.get(registrationPath, async (request) =>
    registrations.get(
      parseC(RegistrationIdParams, request.params, 'path').registration_id,
      principalOf(request),
    ),
  );
  app.delete(registrationPath, async (request) =>
    registrations.remove(
      parseC(RegistrationIdParams, request.params, 'path').registration_id,
      principalOf(request),
    ),
  );
  app.post(paths.registrationSearch, async (request) =>
    registrations.search(parseC(RegistrationSearch, bodyOf(request)), principalOf(request)),
  );
  app.post(paths.registrationCount, async (request) =>
    registrations.count(parseC(RegistrationFilters, bodyOf(request)), principalOf(request)),
  );
  app.get(paths.registrations, async (request) =>
    registrations.feed(parseC(RegistrationFeedQuery, request.query, 'query'), principalOf(request)),
  );
}
