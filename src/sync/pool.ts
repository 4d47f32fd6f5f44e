/** Runs `work` over `inputs` with at most `limit` at a time; resolves when all are done. */
export async function forEachBounded<T>(
  inputs: readonly T[],
  limit: number,
  work: (input: T) => Promise<void>,
) {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, inputs.length)) }, async () => {
    while (next < inputs.length) {
      const input = inputs[next++] as T;
      await work(input);
    }
  });
  await Promise.all(lanes);
}

export interface ForEachDueOptions {
  /** with nothing due yet but work still running, how long until `take` is asked again */
  lookAgainMs: number;
  /** true when no more work may start (the work already running is still awaited) */
  stop?: () => boolean;
}

/**
 * Works through inputs that keep falling due while it runs: `take` hands out the next one (never
 * the same twice) or undefined, and each goes as soon as one of the `limit` slots is free. So one
 * slow input holds back no other (a fixed set of inputs would wait for its slowest before the
 * next set), and one that falls due meanwhile is taken while any work is still running. Resolves
 * when nothing is due and nothing runs; the first failure stops it, after the running work ended.
 */
export async function forEachDue<T>(
  take: () => Promise<T | undefined>,
  limit: number,
  work: (input: T) => Promise<void>,
  options: ForEachDueOptions,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const stopped = () => failure !== undefined || options.stop?.() === true;
  for (;;) {
    while (running.size < Math.max(1, limit) && !stopped()) {
      const input = await take();
      if (input === undefined) break;
      const task: Promise<void> = work(input)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => running.delete(task));
      running.add(task);
    }
    if (running.size === 0 || stopped()) break;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const lookAgain = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.lookAgainMs)));
    await Promise.race([...running, lookAgain]);
    clearTimeout(timer);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
