// The Redis keys of home timelines, versioned like the cache's. The seed uses them
// too (it drops the epoch), so they import nothing.
const PREFIX = 'timeline:v1:';

/** The epoch and the authors merged at read time: one key, so both are lost together. */
export const META_KEY = `${PREFIX}meta`;

/** A user's home timeline. */
export const timelineKey = (userId: number) => `${PREFIX}home:${userId}`;

/** What every timeline key starts with. */
export const TIMELINE_KEY_PREFIX = PREFIX;
