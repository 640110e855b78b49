/**
 * The Lua scripts of the timeline store: each runs atomically in Redis, so a
 * reader never sees a timeline between two steps of a write.
 *
 * A home timeline is one sorted set. Posts are members `postId:authorId`
 * scored by post id (the author rides along, as in Twitter's timeline entries,
 * so a read can drop an unfollowed author without a lookup). Markers have
 * scores <= 0, below every post:
 *
 * - `built:<epoch>`, score `-floor`: the timeline is complete for every post
 *   id above `floor` (0 when nothing older exists). Without it (a key lost,
 *   evicted, or built under an older epoch) the timeline is not served.
 * - `open:<token>`, score 0: a rebuild is under way; fan-out writes into it
 *   already, so that no post is lost between the rebuild's read of the
 *   database and its write.
 */

// Keeps the newest ARGV-cap posts and raises the floor to what was trimmed.
// Only a built timeline is trimmed: a rebuild trims when it finishes.
const TRIM = `
local function trim(key, cap)
  local markers = redis.call('ZRANGEBYSCORE', key, '-inf', 0, 'WITHSCORES')
  local built
  for i = 1, #markers, 2 do
    if string.sub(markers[i], 1, 6) == 'built:' then built = markers[i] end
  end
  if not built then return end
  local count = #markers / 2
  local posts = redis.call('ZCARD', key) - count
  if posts <= cap then return end
  redis.call('ZREMRANGEBYRANK', key, count, count + posts - cap - 1)
  local lowest = redis.call('ZRANGEBYSCORE', key, '(0', '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  local floor = tonumber(lowest[2]) - 1
  local current = -tonumber(redis.call('ZSCORE', key, built))
  if floor > current then redis.call('ZADD', key, -floor, built) end
end
`;

// The floor of a timeline that exists: posts at or below it are not kept.
const FLOOR = `
local function floorOf(key)
  local markers = redis.call('ZRANGEBYSCORE', key, '-inf', 0, 'WITHSCORES')
  local floor = 0
  for i = 2, #markers, 2 do floor = math.max(floor, -tonumber(markers[i])) end
  return floor
end
`;

/**
 * KEYS: meta, timeline. ARGV: max score ('+inf' or '(id'), count, ttl ms.
 * Returns false when the timeline is not built under the current epoch, else
 * {floor marker score, members newest first, the authors whose posts are
 * merged at read time}. Those are the few accounts above FANOUT_MAX_FOLLOWERS,
 * so all of them are returned, rather than asking about each of the reader's
 * followees (a reader of 1,000 accounts would send 1,000 ids a read).
 */
export const READ = `
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then return false end
local built = redis.call('ZSCORE', KEYS[2], 'built:' .. epoch)
if not built then return false end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
local items = redis.call('ZREVRANGEBYSCORE', KEYS[2], ARGV[1], '(0', 'LIMIT', 0, tonumber(ARGV[2]))
local merged = {}
local fields = redis.call('HKEYS', KEYS[1])
for i = 1, #fields do
  if string.sub(fields[i], 1, 2) == 'm:' then merged[#merged + 1] = string.sub(fields[i], 3) end
end
return {built, items, merged}
`;

/**
 * KEYS: timeline. ARGV: cap, then score/member pairs. Adds the posts above
 * the floor to a timeline that exists (built or being rebuilt), never
 * creating one; returns how many were new.
 */
export const ADD = `${TRIM}${FLOOR}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local floor = floorOf(KEYS[1])
local added = 0
for i = 2, #ARGV, 2 do
  if tonumber(ARGV[i]) > floor then
    added = added + redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
trim(KEYS[1], tonumber(ARGV[1]))
return added
`;

/**
 * KEYS: timelines. ARGV: cap, score, member. ADD of one post to each of many
 * timelines, in one command instead of one a timeline (a fan-out batch is up
 * to FANOUT_BATCH_SIZE of them); returns how many took it.
 */
export const ADD_TO_MANY = `${TRIM}${FLOOR}
local cap, score, member = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local took = 0
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    if score > floorOf(key) then took = took + redis.call('ZADD', key, score, member) end
    trim(key, cap)
  end
end
return took
`;

/** KEYS: timeline. ARGV: token, ttl ms. Starts a rebuild: an empty, open timeline. */
export const BEGIN = `
redis.call('DEL', KEYS[1])
redis.call('ZADD', KEYS[1], 0, 'open:' .. ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/**
 * KEYS: timeline. ARGV: cap, token, epoch, floor, then score/member pairs.
 * Finishes the rebuild `token` started, unless the timeline was dropped or
 * another rebuild started since (then 0).
 */
export const FINISH = `${TRIM}
if not redis.call('ZSCORE', KEYS[1], 'open:' .. ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[1], 'open:' .. ARGV[2])
for i = 5, #ARGV, 2 do redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('ZADD', KEYS[1], -tonumber(ARGV[4]), 'built:' .. ARGV[3])
trim(KEYS[1], tonumber(ARGV[1]))
return 1
`;

/** KEYS: timeline. ARGV: ':authorId'. Removes every post of one author. */
export const REMOVE_AUTHOR = `
local members = redis.call('ZRANGEBYSCORE', KEYS[1], '(0', '+inf')
local suffix = ARGV[1]
local removed = 0
for i = 1, #members do
  if string.sub(members[i], -#suffix) == suffix then
    removed = removed + redis.call('ZREM', KEYS[1], members[i])
  end
end
return removed
`;
