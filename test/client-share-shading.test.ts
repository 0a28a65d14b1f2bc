/** The "What people name" map's shading and the shares as players read them (client/src/map/share-shading.ts). */
import { formatShare, SHARE_CLASSES, shareClass } from '../client/src/map/share-shading.js';

test('each share falls in one class, the classes in rising order from 0', () => {
  expect(SHARE_CLASSES[0]!.from).toBe(0);
  const froms = SHARE_CLASSES.map((c) => c.from);
  expect(froms).toEqual([...froms].sort((a, b) => a - b));
  expect(shareClass(0).label).toBe('under 2%');
  expect(shareClass(0.0199).label).toBe('under 2%');
  expect(shareClass(0.02).label).toBe('2–10%');
  expect(shareClass(0.61).label).toBe('60% or more');
  expect(shareClass(1).label).toBe('60% or more');
  expect(new Set(SHARE_CLASSES.map((c) => c.color)).size).toBe(SHARE_CLASSES.length);
});

test('shares read as whole percents; a few games are not rounded to none', () => {
  expect(formatShare(0.61)).toBe('61%');
  expect(formatShare(1)).toBe('100%');
  expect(formatShare(0)).toBe('0%');
  expect(formatShare(0.001)).toBe('<1%');
  expect(formatShare(0.005)).toBe('1%');
});
