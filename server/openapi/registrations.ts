import {
  API_BASE,
  REGISTRATION_COMMANDS,
  Registration,
  RegistrationCount,
  RegistrationDeleted,
  RegistrationFeedQuery,
  RegistrationFilters,
  RegistrationList,
  RegistrationSearch,
} from '../../src/contract';
import {
  READ_ERRORS,
  WRITE_ERRORS,
  errors,
  idempotencyKey,
  input,
  json,
  output,
  pathParam,
  queryParameters,
  type PathItems,
} from './parts';

/** Part C3: registrations (seed 002), one path per command. */
export function registrationPaths(): PathItems {
  const registration = { '200': { description: 'Registration', content: json(output(Registration)) } };
  const commands = Object.fromEntries(
    Object.entries(REGISTRATION_COMMANDS).map(([name, schema]) => [
      `${API_BASE}/registrations/{registration_id}/commands/${name}`,
      {
        parameters: [pathParam('registration_id')],
        post: {
          operationId: `registration-${name}`,
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(input(schema)) },
          responses: { ...registration, ...errors(WRITE_ERRORS) },
        },
      },
    ]),
  );
  return {
    [`${API_BASE}/registrations`]: {
      get: {
        operationId: 'registrationFeed',
        parameters: queryParameters(RegistrationFeedQuery),
        responses: {
          '200': { description: 'Registrations changed since', content: json(output(RegistrationList)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    ...commands,
    [`${API_BASE}/registrations/{registration_id}`]: {
      parameters: [pathParam('registration_id')],
      get: { operationId: 'getRegistration', responses: { ...registration, ...errors(READ_ERRORS) } },
      delete: {
        operationId: 'deleteRegistration',
        parameters: [idempotencyKey],
        responses: {
          '200': { description: 'Deleted', content: json(output(RegistrationDeleted)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/registrations/search`]: {
      post: {
        operationId: 'searchRegistrations',
        parameters: [idempotencyKey],
        requestBody: { required: false, content: json(input(RegistrationSearch)) },
        responses: {
          '200': { description: 'Registrations, by updated_at', content: json(output(RegistrationList)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/registrations/count`]: {
      post: {
        operationId: 'countRegistrations',
        parameters: [idempotencyKey],
        requestBody: { required: false, content: json(input(RegistrationFilters)) },
        responses: {
          '200': { description: 'Count', content: json(output(RegistrationCount)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
  };
}
