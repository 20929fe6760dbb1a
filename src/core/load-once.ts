/**
 * A loader that runs `load` on its first call and gives every later call the same promise; when that
 * promise rejects, the next call runs `load` again (a failed `import()` is not remembered for good).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
