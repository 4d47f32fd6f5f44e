import {
  API_BASE,
  AssessmentForm,
  AssessmentFormInput,
  AssessmentFormList,
  ExamClassList,
  ExamClassesInput,
  ExamClassesQuery,
  FeedQuery,
  Learner,
  LearnerInput,
  LearnerList,
  LearnerListQuery,
  Venue,
  VenueInput,
  VenueList,
  VenueListQuery,
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

const ADMIN_WRITE_ERRORS = [...WRITE_ERRORS, '403'];

/** Part C1: reference data and learners. */
export function referencePaths(): PathItems {
  return {
    [`${API_BASE}/venues`]: {
      get: {
        operationId: 'listVenues',
        parameters: queryParameters(VenueListQuery),
        responses: {
          '200': { description: 'Venues', content: json(output(VenueList)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    [`${API_BASE}/venues/{venue_id}`]: {
      parameters: [pathParam('venue_id')],
      put: {
        operationId: 'putVenue',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(VenueInput)) },
        responses: {
          '200': { description: 'Venue', content: json(output(Venue)) },
          ...errors(ADMIN_WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/exam-classes/{organization_id}`]: {
      parameters: [pathParam('organization_id')],
      put: {
        operationId: 'putExamClasses',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(ExamClassesInput)) },
        responses: {
          '200': { description: "The organisation's classes", content: json(output(ExamClassList)) },
          ...errors(ADMIN_WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/events/classes`]: {
      get: {
        operationId: 'listExamClasses',
        parameters: queryParameters(ExamClassesQuery).map((p) => ({ ...p, required: true })),
        responses: {
          '200': { description: 'Exam classes', content: json(output(ExamClassList)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    [`${API_BASE}/assessment-forms`]: {
      get: {
        operationId: 'listAssessmentForms',
        parameters: queryParameters(FeedQuery),
        responses: {
          '200': { description: 'Assessment forms', content: json(output(AssessmentFormList)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    [`${API_BASE}/assessment-forms/{assessment_form_id}`]: {
      parameters: [pathParam('assessment_form_id')],
      put: {
        operationId: 'putAssessmentForm',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(AssessmentFormInput)) },
        responses: {
          '200': { description: 'Assessment form', content: json(output(AssessmentForm)) },
          ...errors(ADMIN_WRITE_ERRORS),
        },
      },
    },
    [`${API_BASE}/learners`]: {
      get: {
        operationId: 'listLearners',
        parameters: queryParameters(LearnerListQuery),
        responses: {
          '200': { description: 'Learners', content: json(output(LearnerList)) },
          ...errors(READ_ERRORS),
        },
      },
    },
    [`${API_BASE}/learners/{learner_id}`]: {
      parameters: [pathParam('learner_id')],
      get: {
        operationId: 'getLearner',
        responses: {
          '200': { description: 'Learner', content: json(output(Learner)) },
          ...errors(READ_ERRORS),
        },
      },
      post: {
        operationId: 'putLearner',
        parameters: [idempotencyKey],
        requestBody: { required: true, content: json(input(LearnerInput)) },
        responses: {
          '200': { description: 'Learner', content: json(output(Learner)) },
          ...errors(WRITE_ERRORS),
        },
      },
    },
  };
}
