/**
 * Fisher–Yates shuffle with injected randomness, so comments and stored answers lose
 * their order unpredictably in production and reproducibly in tests.
 */

/** Returns a new array; `random` is uniform in [0, 1). */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  // Stryker disable next-line EqualityOperator: `i >= 0` only adds a swap of the first item with itself.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
