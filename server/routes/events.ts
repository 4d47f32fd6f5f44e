import type { FastifyInstance } from 'fastify';
import {
  EventCancel,
  EventIdParams,
  EventListQuery,
  EventUpsert,
  ScrapPaperQuery,
  paths,
} from '../../src/contract';
import type { ServerDeps } from '../app';
import { bodyOf, parseC, principalOf } from './partC';

/** Part C2: events (seed 002). `/events/classes` is with the reference routes. */
export function registerEventRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { events, config } = deps;
  const eventPath = `${paths.events}/:event_id`;

  app.get(paths.listEvents, async (request) =>
    events.list(parseC(EventListQuery, request.query, 'query'), principalOf(request)),
  );
  app.get(paths.scrapPaper, async (request) =>
    events.scrapPaper(
      parseC(ScrapPaperQuery, request.query, 'query').id,
      principalOf(request),
      config.scrapPaperPerCandidate,
    ),
  );
  app.get(eventPath, async (request) =>
    events.get(parseC(EventIdParams, request.params, 'path').event_id, principalOf(request)),
  );
  app.post(eventPath, async (request) => {
    const { event_id } = parseC(EventIdParams, request.params, 'path');
    return events.upsert(event_id, parseC(EventUpsert, bodyOf(request)), principalOf(request));
  });
  app.post(`${eventPath}/cancel`, async (request) => {
    const { event_id } = parseC(EventIdParams, request.params, 'path');
    return events.cancel(event_id, parseC(EventCancel, bodyOf(request)).reason, principalOf(request));
  });
}
