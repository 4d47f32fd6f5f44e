import { API_BASE, Section, SectionList, SectionListQuery, SectionPut } from '../../src/contract';
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

/** Contract C1's sections (seed 004's catalogue). */
export function sectionPaths(): PathItems {
  return {
    [`${API_BASE}/sections`]: {
      get: {
        operationId: 'listSections',
        parameters: queryParameters(SectionListQuery),
        responses: {
          '200': { description: 'Sections', content: json(output(SectionList)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    [`${API_BASE}/sections/{section_uuid}`]: {
      parameters: [pathParam('section_uuid')],
      put: {
        operationId: 'putSection',
        description: 'Creates or replaces the section; admin token only.',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(SectionPut)) },
        responses: {
          '200': { description: 'Section', content: json(output(Section)) },
          ...errors([...WRITE_ERRORS, '403']),
        },
      },
    },
  };
}
