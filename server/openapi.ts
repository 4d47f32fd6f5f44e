import { API_VERSION } from '../src/contract';
import { attendeeJobPaths } from './openapi/attendeeJobs';
import { batchPaths } from './openapi/batches';
import { metaPaths } from './openapi/meta';
import type { OpenApiOptions, PathItems } from './openapi/parts';
import { runPaths } from './openapi/runs';
import { sectionPaths } from './openapi/sections';
import { walkinPaths } from './openapi/walkins';
import { referencePaths } from './openapi/reference';
import { eventPaths } from './openapi/events';
import { registrationPaths } from './openapi/registrations';

/**
 * The route groups whose entries make up the document. A new group of routes adds its own
 * `server/openapi/<group>.ts` and one line here.
 */
const PATH_GROUPS: readonly ((options: OpenApiOptions) => PathItems)[] = [
  metaPaths,
  batchPaths,
  runPaths,
  sectionPaths,
  walkinPaths,
  referencePaths,
  eventPaths,
  registrationPaths,
  attendeeJobPaths,
];

/** The OpenAPI 3.1 document, generated from the same zod schemas the server validates with. */
export function buildOpenApiDocument(options: OpenApiOptions) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Registration Orchestrator API',
      version: options.version,
      description: `Contract ${API_VERSION}: bulk registrations (part A), expiry orchestration (part B) and field registration (part C).`,
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
    paths: Object.assign({}, ...PATH_GROUPS.map((group) => group(options))) as PathItems,
  };
}
