import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  WalkinArchive,
  WalkinDraftPut,
  WalkinListQuery,
  WalkinParams,
  WalkinSubmit,
  WalkinTermParams,
  paths,
} from '../../src/contract';
import type { Principal } from '../auth';
import type { ServerDeps } from '../app';
import { installResponseStatus, parseOrReject } from '../responseStatus';

const principalOf = (request: FastifyRequest): Principal => request.principal!;

/**
 * Contract C5 (seed 004) under `/api/v1/registration/unauthenticated`. The group is its own
 * plugin, so its error handler answers in seed 004's `responseStatus` shape (parse errors,
 * 401s, idempotency refusals and unknown routes under the prefix included) while every other
 * route keeps the `error` envelope. The root hooks (auth, Idempotency-Key) still run here.
 */
export function registerWalkinRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { walkins, toApiError } = deps;
  app.register(
    async (scope) => {
      installResponseStatus(scope, toApiError);
      const one = (request: FastifyRequest) => parseOrReject(WalkinParams, request.params, 'path');

      scope.get('/:reporting_term', async (request) => {
        const { reporting_term } = parseOrReject(WalkinTermParams, request.params, 'path');
        return walkins.list(
          reporting_term,
          parseOrReject(WalkinListQuery, request.query, 'query'),
          principalOf(request),
        );
      });

      scope.get('/:reporting_term/:transaction_uuid', async (request) => {
        const { reporting_term, transaction_uuid } = one(request);
        return walkins.get(reporting_term, transaction_uuid, principalOf(request));
      });

      scope.put('/:reporting_term/:transaction_uuid', async (request) => {
        const { reporting_term, transaction_uuid } = one(request);
        const draft = parseOrReject(WalkinDraftPut, request.body);
        return walkins.putDraft(reporting_term, transaction_uuid, draft, principalOf(request));
      });

      scope.post('/:reporting_term/:transaction_uuid', async (request) => {
        const { reporting_term, transaction_uuid } = one(request);
        const body = parseOrReject(WalkinSubmit, request.body ?? {});
        return walkins.submit(reporting_term, transaction_uuid, body, principalOf(request));
      });

      scope.post('/:reporting_term/:transaction_uuid/archive', async (request) => {
        const { reporting_term, transaction_uuid } = one(request);
        const body = parseOrReject(WalkinArchive, request.body ?? {});
        return walkins.archive(reporting_term, transaction_uuid, body, principalOf(request));
      });
    },
    { prefix: paths.walkinsBase },
  );
}
