import { z } from 'zod';

/**
 * The page's CSP has no 'unsafe-eval', so zod's probe for its compiled fast path (`Function('')`)
 * is refused, and every refusal is a CSP violation report. zod then parses without it anyway:
 * saying so up front keeps the policy's reports for real problems. The workers have no such
 * probe to silence in the browser build (their scripts carry no CSP there), so they keep the fast path.
 */
z.config({ jitless: true });
