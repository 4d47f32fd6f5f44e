import {
  WalkinArchive,
  WalkinDraftPut,
  WalkinErrorResponse,
  WalkinListQuery,
  WalkinTransaction,
  WalkinTransactionList,
  WalkinSubmit,
  paths,
} from '../../src/contract';
import { idempotencyKey, input, json, output, pathParam, queryParameters, type PathItems } from './parts';

/** Every failure on these paths, in seed 004's `responseStatus` shape instead of the `error` envelope. */
const ERRORS: Record<string, string> = {
  '400':
    'ValidationException (errors names each field, such as person.last_name), NotFound for an unknown section, or malformed JSON',
  '401': 'Missing or unknown bearer token',
  '404': 'No such transaction in this term, or not visible to this token',
  '409':
    'Illegal state change (a submitted transaction cannot be edited, an archived one cannot change), or the Idempotency-Key is still in use',
  '413': 'Body larger than the limit',
  '415': 'Body is not application/json',
  '422': 'The Idempotency-Key was already used with another request',
  '429': 'Rate limit exceeded; see Retry-After',
};

function responseStatusErrors(statuses: string[]) {
  const schema = output(WalkinErrorResponse);
  return Object.fromEntries(statuses.map((s) => [s, { description: ERRORS[s], content: json(schema) }]));
}

const READ = ['400', '401', '404', '429'];
const WRITE = ['400', '401', '404', '409', '413', '415', '422', '429'];

/** Contract C5: walk-in person registration transactions (seed 004). */
export function walkinPaths(): PathItems {
  const base = paths.walkinsBase;
  const answer = {
    description: "Seed 004's UnauthenticatedRegistrationTransactionResponse",
    content: json(output(WalkinTransaction)),
  };
  return {
    [`${base}/{reporting_term}`]: {
      parameters: [pathParam('reporting_term')],
      get: {
        operationId: 'listWalkinTransactions',
        parameters: queryParameters(WalkinListQuery),
        responses: {
          '200': { description: "The term's transactions", content: json(output(WalkinTransactionList)) },
          ...responseStatusErrors(READ),
        },
      },
    },
    [`${base}/{reporting_term}/{transaction_uuid}`]: {
      parameters: [pathParam('reporting_term'), pathParam('transaction_uuid')],
      get: {
        operationId: 'getWalkinTransaction',
        responses: { '200': answer, ...responseStatusErrors(READ) },
      },
      put: {
        operationId: 'saveWalkinDraft',
        description: 'Creates or replaces the draft; 409 once submitted.',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(WalkinDraftPut)) },
        responses: { '200': answer, ...responseStatusErrors(WRITE) },
      },
      post: {
        operationId: 'submitWalkinTransaction',
        description:
          'Submits the draft; with authorizing_uuid also authorizes it (or authorizes a submitted one). Posting to an authorized one answers it unchanged.',
        parameters: [idempotencyKey],
        requestBody: { required: false, content: json(input(WalkinSubmit)) },
        responses: { '200': answer, ...responseStatusErrors(WRITE) },
      },
    },
    [`${base}/{reporting_term}/{transaction_uuid}/archive`]: {
      parameters: [pathParam('reporting_term'), pathParam('transaction_uuid')],
      post: {
        operationId: 'archiveWalkinTransaction',
        parameters: [idempotencyKey],
        requestBody: { required: false, content: json(input(WalkinArchive)) },
        responses: { '200': answer, ...responseStatusErrors(WRITE) },
      },
    },
  };
}
