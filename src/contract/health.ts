import { z } from 'zod';

/** The contract generation a client speaks; a server that reports another answers `wrong contract version`. */
export const API_VERSION = 'v1';

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  /** (ext) contract generation served, `v1`. */
  api_version: z.string().optional(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
