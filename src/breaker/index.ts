/**
 * Circuit breakers: one circuit per limiter key, in-process or shared through Redis.
 * @module
 */
export { memoryBreaker, type MemoryBreakerOptions } from './memory.js';
export { BREAKER_DEFAULTS, type BreakerOptions } from './options.js';
export { breakerOutcome } from './outcome.js';
export type { Admission, Admitted, Breaker, BreakerChange, BreakerListener, BreakerOutcome, BreakerState, Rejected } from './types.js';
export { redisBreaker, REDIS_BREAKER_DEFAULTS, type RedisBreaker, type RedisBreakerOptions } from './redis.js';
