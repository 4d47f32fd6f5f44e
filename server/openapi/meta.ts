import { API_BASE, HealthResponse } from '../../src/contract';
import { json, output, type PathItems } from './parts';

/** Health and this document, both public. */
export function metaPaths(): PathItems {
  return {
    [`${API_BASE}/health`]: {
      get: {
        operationId: 'health',
        security: [],
        responses: { '200': { description: 'Up', content: json(output(HealthResponse)) } },
      },
    },
    [`${API_BASE}/openapi.json`]: {
      get: {
        operationId: 'openapi',
        security: [],
        responses: { '200': { description: 'This document', content: json({ type: 'object' }) } },
      },
    },
  };
}
