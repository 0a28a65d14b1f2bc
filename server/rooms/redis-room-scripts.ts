import { CHAT_KEPT } from '../../protocol/chat.js';

/**
 * The Lua scripts that make the Redis room store's steps atomic. Redis runs a
 * script alone, so a commit checks the room's version and writes in one
 * step: of two nodes that applied a command to the same version, one commits
 * and the other reads the newer room and applies its command again.
 *
 * Keys of one room: core (JSON), finds (list), version (counter), epoch
 * (counter, bumped whenever a new game empties the finds), chat (list of the
 * last CHAT_KEPT chat lines, JSON; read only when a player (re)joins). Keys of all rooms:
 * rooms (set of codes), lobbies (hash code → public lobby JSON), overviews
 * (hash code → the room's line on the operator's dashboard, JSON), due
 * (sorted set code → when a tick next has work in the room), events (the
 * stream every node delivers its sockets' room events from, see
 * server/realtime/room-event-feed.ts).
 */

/** KEYS core version rooms due overviews · ARGV code core due ttl overview → 1 created, 0 code taken. */
export const CREATE = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
redis.call('SET', KEYS[2], 1, 'PX', ARGV[4])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[5], ARGV[1], ARGV[5])
return 1
`;

/**
 * KEYS core finds version epoch · ARGV version epoch count (what the caller holds)
 * → {} gone · {version} unchanged · {version, core, epoch, finds}: the finds
 * after the caller's `count` when its epoch is current, else all of them.
 */
export const SYNC = `
local v = redis.call('GET', KEYS[3])
if not v then return {} end
if v == ARGV[1] then return {v} end
local e = redis.call('GET', KEYS[4]) or '0'
local from = 0
if e == ARGV[2] then from = tonumber(ARGV[3]) end
return {v, redis.call('GET', KEYS[1]), e, redis.call('LRANGE', KEYS[2], from, -1)}
`;

/**
 * KEYS core finds version epoch lobbies due overviews events chat · ARGV version core
 * reset lobby due code ttl overview maxlen n finds(n)... m chat(m)... events(type, data)...
 * → 0 when the room changed since `version` (nothing written), else {new version, epoch}.
 *
 * The room's events go on the events stream in the same step as the commit:
 * commits of one room are serial, so the stream holds its events in `seq`
 * order, whichever node committed them. No events are given when the store
 * has no feed.
 */
export const COMMIT = `
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[7])
if ARGV[3] == '1' then
  redis.call('DEL', KEYS[2])
  redis.call('INCR', KEYS[4])
end
local n = tonumber(ARGV[10])
if n > 0 then redis.call('RPUSH', KEYS[2], unpack(ARGV, 11, 10 + n)) end
redis.call('PEXPIRE', KEYS[2], ARGV[7])
local m = tonumber(ARGV[11 + n])
if m > 0 then
  redis.call('RPUSH', KEYS[9], unpack(ARGV, 12 + n, 11 + n + m))
  redis.call('LTRIM', KEYS[9], -${CHAT_KEPT}, -1)
end
redis.call('PEXPIRE', KEYS[9], ARGV[7])
redis.call('PEXPIRE', KEYS[4], ARGV[7])
local v = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[7])
if ARGV[4] == '' then
  redis.call('HDEL', KEYS[5], ARGV[6])
else
  redis.call('HSET', KEYS[5], ARGV[6], ARGV[4])
end
redis.call('ZADD', KEYS[6], ARGV[5], ARGV[6])
redis.call('HSET', KEYS[7], ARGV[6], ARGV[8])
for i = 12 + n + m, #ARGV, 2 do
  redis.call('XADD', KEYS[8], 'MAXLEN', '~', ARGV[9], '*', 'room', ARGV[6], 'type', ARGV[i], 'data', ARGV[i + 1])
end
return {v, redis.call('GET', KEYS[4]) or '0'}
`;

/**
 * KEYS core finds version epoch rooms lobbies due overviews chat · ARGV version code
 * → 1 removed (also when the room had expired), 0 when it changed since `version`.
 */
export const REMOVE = `
local v = redis.call('GET', KEYS[3])
if v and v ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[9])
redis.call('SREM', KEYS[5], ARGV[2])
redis.call('HDEL', KEYS[6], ARGV[2])
redis.call('ZREM', KEYS[7], ARGV[2])
redis.call('HDEL', KEYS[8], ARGV[2])
return 1
`;
