/**
 * Why a JWT_SECRET must not sign production tokens, or undefined when it may.
 *
 * Whoever knows the secret can forge any user's access token, so production
 * refuses secrets that are public (the development fallback in this source,
 * the placeholder in .env.example) and secrets too regular to be random: a
 * run of one character, a short pattern repeated, a keyboard walk.
 */
export function weakSecretReason(secret: string): string | undefined {
  if (secret.length < MIN_LENGTH) return `must be at least ${MIN_LENGTH} characters`;
  if (PUBLIC_SECRETS.includes(secret)) {
    return 'is a public example value (from the source or .env.example); generate a random one';
  }
  const distinct = new Set(secret).size;
  if (distinct < MIN_DISTINCT) {
    return `has only ${distinct} distinct characters; use ${MIN_DISTINCT}+ (a random one)`;
  }
  if (distinctTrigramShare(secret) < MIN_TRIGRAM_SHARE) {
    return 'repeats a short pattern; use a random one';
  }
  const bits = Math.floor(estimatedBits(secret));
  if (bits < MIN_BITS) {
    return `is too predictable (about ${bits} bits by a character count, ${MIN_BITS} needed); use a random one`;
  }
  return undefined;
}

export const MIN_LENGTH = 32;
// Measured over 200,000 draws of the shortest random secrets people generate:
// 32 hex digits (128 bits) never had fewer than 9 distinct characters, 85
// estimated bits, or 86% distinct three-character runs; 32 base64url
// characters 19 distinct and 128 bits. The thresholds sit below those, and
// above a repeated word or a run of a few characters.
const MIN_DISTINCT = 8;
const MIN_BITS = 72;
const MIN_TRIGRAM_SHARE = 0.5;

/** Signs tokens in development and tests when JWT_SECRET is unset; public, so never in production. */
export const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';
/** The placeholder `.env.example` ships (a spec keeps the two the same). */
export const EXAMPLE_SECRET = 'change-me-to-32-or-more-random-characters';
const PUBLIC_SECRETS = [DEVELOPMENT_SECRET, EXAMPLE_SECRET];

/** The share of its three-character runs that occur once: low for `abcabcabc...`. */
function distinctTrigramShare(secret: string): number {
  const runs = new Set<string>();
  for (let i = 0; i + 3 <= secret.length; i++) runs.add(secret.slice(i, i + 3));
  return runs.size / (secret.length - 2);
}

/**
 * Shannon entropy of the secret's own character frequencies, times its
 * length: a crude upper bound on the bits it holds, but one that repetition
 * and tiny alphabets cannot pass.
 */
function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / secret.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * secret.length;
}
