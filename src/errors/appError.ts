/**
 * The one base of the app's own errors: a stable `code` that code branches on, and a `message`
 * that is already a sentence for the coordinator (what is wrong and what to do), so every
 * screen can show it as it is. `describeError` turns anything else thrown into such a sentence.
 */
export class AppError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
