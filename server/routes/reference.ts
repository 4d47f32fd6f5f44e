import type { FastifyInstance } from 'fastify';
import {
  API_BASE,
  AssessmentFormIdParams,
  AssessmentFormInput,
  ExamClassesInput,
  ExamClassesQuery,
  FeedQuery,
  LearnerIdParams,
  LearnerInput,
  LearnerListQuery,
  OrganizationIdParams,
  VenueIdParams,
  VenueInput,
  VenueListQuery,
  paths,
} from '../../src/contract';
import type { ServerDeps } from '../app';
import { requireAdmin } from '../reference';
import { bodyOf, parseC, principalOf } from './partC';

/** Part C1: reference data (admin writes, everyone reads) and learners. */
export function registerReferenceRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { reference, learners } = deps;

  app.get(paths.venues, async (request) =>
    reference.listVenues(parseC(VenueListQuery, request.query, 'query')),
  );
  app.put(`${paths.venues}/:venue_id`, async (request) => {
    requireAdmin(principalOf(request));
    const { venue_id } = parseC(VenueIdParams, request.params, 'path');
    return reference.putVenue(venue_id, parseC(VenueInput, bodyOf(request)));
  });

  app.put(`${API_BASE}/exam-classes/:organization_id`, async (request) => {
    requireAdmin(principalOf(request));
    const { organization_id } = parseC(OrganizationIdParams, request.params, 'path');
    return {
      data: await reference.putExamClasses(organization_id, parseC(ExamClassesInput, bodyOf(request))),
    };
  });
  app.get(paths.eventClasses, async (request) => {
    const { organization } = parseC(ExamClassesQuery, request.query, 'query');
    return { data: await reference.classes(organization) };
  });

  app.get(paths.assessmentForms, async (request) =>
    reference.listForms(parseC(FeedQuery, request.query, 'query')),
  );
  app.put(`${paths.assessmentForms}/:assessment_form_id`, async (request) => {
    requireAdmin(principalOf(request));
    const { assessment_form_id } = parseC(AssessmentFormIdParams, request.params, 'path');
    return reference.putForm(assessment_form_id, parseC(AssessmentFormInput, bodyOf(request)));
  });

  app.get(paths.learners, async (request) =>
    learners.list(parseC(LearnerListQuery, request.query, 'query'), principalOf(request)),
  );
  app.get(`${paths.learners}/:learner_id`, async (request) =>
    learners.get(parseC(LearnerIdParams, request.params, 'path').learner_id, principalOf(request)),
  );
  app.post(`${paths.learners}/:learner_id`, async (request) => {
    const { learner_id } = parseC(LearnerIdParams, request.params, 'path');
    return learners.upsert(learner_id, parseC(LearnerInput, bodyOf(request)), principalOf(request));
  });
}
