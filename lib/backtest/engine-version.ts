/**
 * Stored with every result (trading-semantics.md §1.14). Bump it whenever the same inputs could give
 * different trades or metrics, so stored results say which rules produced them.
 */
export const ENGINE_VERSION = "1.0.0";
