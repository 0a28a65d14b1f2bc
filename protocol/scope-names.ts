/**
 * The quizzes' other names, as GET /api/scope-names serves them, and how
 * the server and the browser fold them for matching. Free of zod, so the
 * first page can load it.
 */

/**
 * For each country scope (`DE`), its names other than the English one, in
 * every language the server knows, one spelling per folded form:
 * `{ "DE": ["Deutschland", "Allemagne", …] }`.
 */
export type ScopeNames = Record<string, string[]>;

/** A name as the quiz chooser matches it (protocol/fold-name.ts). */
export { foldName as foldScopeName } from './fold-name.js';
