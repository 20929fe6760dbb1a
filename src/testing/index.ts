/**
 * Test kit: a stateful fake Altegio (msw handlers or a loopback HTTP server), signers for registration
 * redirects and webhooks, and fixtures.
 *
 * @module altegio-marketplace/testing
 */

// --- signers: lifecycle bodies and payment signs (issue 5) ---

// --- signers: registration redirect URLs and user_data (issue 3) ---

// --- fake Altegio (issue 6) ---
export {};
