import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SectionIdParams, SectionListQuery, SectionPut, paths } from '../../src/contract';
import type { ServerDeps } from '../app';
import { ApiError, parseWith } from '../errors';

/** Contract C1's sections: every token reads them, only an admin token changes them. */
export function registerSectionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { sections } = deps;

  app.get(paths.sections, async (request) =>
    sections.list(parseWith(SectionListQuery, request.query, 'query')),
  );

  app.put(`${paths.sections}/:section_uuid`, async (request: FastifyRequest) => {
    if (!request.principal?.isAdmin) {
      throw new ApiError(
        403,
        'forbidden',
        'Sections are reference data: only an admin token may change them',
      );
    }
    const { section_uuid } = parseWith(SectionIdParams, request.params, 'path');
    return sections.upsert(section_uuid, parseWith(SectionPut, request.body));
  });
}
