/**
 * Throttling backends: in-process (`memoryLimiter`, the default), shared through Redis (`redisLimiter`),
 * and an adapter for an existing Bottleneck instance (`bottleneckLimiter`).
 * @module
 */
export { memoryLimiter } from './memory.js';
export { MEMORY_LIMITER_DEFAULTS, type KeySnapshot, type MemoryLimiter, type MemoryLimiterOptions } from './memory-options.js';
export { redisLimiter, REDIS_LIMITER_DEFAULTS, type InsuranceOptions, type RedisLimiter, type RedisLimiterOptions } from './redis.js';
export { bottleneckLimiter, type BottleneckLike, type BottleneckLimiterOptions } from './bottleneck.js';
export { ADAPTIVE_DEFAULTS, type AdaptiveOptions } from './adaptive.js';
export { readAdvert, type Advert, type UsedWeightLimit } from './advert/index.js';
export type { RateLimit } from './gcra.js';
export type { AcquireRequest, AcquireResult, Limiter, PauseSource } from './types.js';
