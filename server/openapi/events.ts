import {
  API_BASE,
  Event,
  EventCancel,
  EventList,
  EventListQuery,
  EventUpsert,
  ScrapPaper,
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

/** Part C2: events (seed 002). */
export function eventPaths(): PathItems {
  const event = { '200': { description: 'Event', content: json(output(Event)) } };
  return {
    [`${API_BASE}/events/list-events`]: {
      get: {
        operationId: 'listEvents',
        description:
          "Events starting on `date` in their venue's time zone; or the change feed with `updated_since`.",
        parameters: queryParameters(EventListQuery),
        responses: {
          '200': { description: 'Events', content: json(output(EventList)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    [`${API_BASE}/events/scrap-paper`]: {
      get: {
        operationId: 'scrapPaper',
        parameters: [{ name: 'id', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': { description: "The invigilator's sheet", content: json(output(ScrapPaper)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    [`${API_BASE}/events/{event_id}`]: {
      parameters: [pathParam('event_id')],
      get: { operationId: 'getEvent', responses: { ...event, ...errors(READ_ERRORS) } },
      post: {
        operationId: 'upsertEvent',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(EventUpsert)) },
        responses: { ...event, ...errors(WRITE_ERRORS) },
      },
    },
    [`${API_BASE}/events/{event_id}/cancel`]: {
      parameters: [pathParam('event_id')],
      post: {
        operationId: 'cancelEvent',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(EventCancel)) },
        responses: { ...event, ...errors(WRITE_ERRORS) },
      },
    },
  };
}
