import { MemoryCandidateCache } from '../server/places/memory-candidate-cache.js';
import { describeCandidateCacheContract } from './candidate-cache.contract.js';

describeCandidateCacheContract(
  describe,
  'the in-process LRU',
  async () => new MemoryCandidateCache(100),
);

test('the in-process LRU forgets the least recently used key beyond its size', async () => {
  const cache = new MemoryCandidateCache(2);
  await cache.set('a', []);
  await cache.set('b', []);
  await cache.get('a');
  await cache.set('c', []);
  expect(await cache.get('b')).toBeUndefined();
  expect(await cache.get('a')).toEqual([]);
  expect(cache.size).toBe(2);
});
