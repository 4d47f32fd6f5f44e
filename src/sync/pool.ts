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
