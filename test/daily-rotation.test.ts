/**
 * The daily rotation: which quiz each day plays, the same on every node and
 * every day it is asked, each candidate once per cycle; and which scopes
 * take turns.
 */
import {
  addDays,
  DAILY_LAUNCH_DATE,
  dailyDateOf,
  dailyNumber,
  dailyQuiz,
  isDailyDate,
} from '../server/daily/daily-rotation.js';
import { DAILY_MIN_PLACES, dailyCandidates } from '../server/daily/daily-candidates.js';
import type { Scope } from '../server/places/gazetteer.js';

const scope = (id: string, kind: string, places = 1000): Scope =>
  ({ id, name: id, kind, places, population: places * 100 }) as Scope;
const countries = Array.from({ length: 7 }, (_, i) => scope(`C${i}`, 'country'));

describe('the day number', () => {
  test('the launch day is #1 and each UTC day after adds one, across months and years', () => {
    expect(dailyNumber(DAILY_LAUNCH_DATE)).toBe(1);
    expect(dailyNumber('2026-12-02')).toBe(2);
    expect(dailyNumber('2026-12-31')).toBe(31);
    expect(dailyNumber('2027-01-01')).toBe(32);
    expect(dailyNumber('2027-03-01')).toBe(91); // 31 + 31 + 28 days later
    expect(dailyNumber('2028-03-01')).toBe(91 + 366); // 2028 is a leap year
  });

  test('the day is the UTC day, whatever the hour', () => {
    expect(dailyDateOf(Date.parse('2026-12-01T23:59:59.999Z'))).toBe('2026-12-01');
    expect(dailyDateOf(Date.parse('2026-12-02T00:00:00.000Z'))).toBe('2026-12-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });

  test('only real days written YYYY-MM-DD are dates', () => {
    expect(isDailyDate('2026-12-01')).toBe(true);
    for (const bad of ['2026-02-30', '2026-13-01', '26-12-01', '2026-12-1', 'today', '']) {
      expect(isDailyDate(bad)).toBe(false);
    }
  });
});

describe('the rotation', () => {
  test('deterministic by date: asked twice, in any order, or with the candidates shuffled', () => {
    const dates = Array.from({ length: 40 }, (_, i) => addDays(DAILY_LAUNCH_DATE, i));
    const first = dates.map((d) => dailyQuiz(d, countries)!.quiz.id);
    const reversed = [...dates]
      .reverse()
      .map((d) => dailyQuiz(d, [...countries].reverse())!.quiz.id);
    expect(reversed.reverse()).toEqual(first);
    expect(dailyQuiz('2027-01-05', countries)).toEqual({
      number: 36,
      date: '2027-01-05',
      quiz: expect.objectContaining({ id: first[35] }),
    });
  });

  test('every candidate comes once per cycle, and the cycles differ in order', () => {
    const cycles = [0, 1, 2].map((cycle) =>
      countries.map(
        (_, day) => dailyQuiz(addDays(DAILY_LAUNCH_DATE, cycle * 7 + day), countries)!.quiz.id,
      ),
    );
    for (const order of cycles) expect([...order].sort()).toEqual(countries.map((c) => c.id));
    expect(new Set(cycles.map((order) => order.join())).size).toBeGreaterThan(1);
  });

  test('no candidates, no quiz', () => {
    expect(dailyQuiz(DAILY_LAUNCH_DATE, [])).toBeUndefined();
  });
});

describe('the candidates', () => {
  test('countries and regions with enough places; never the world, a continent or a tiny country', () => {
    const scopes = [
      scope('world', 'world'),
      scope('europe', 'continent'),
      scope('DE', 'country'),
      scope('US-CA', 'region'),
      scope('MC', 'country', DAILY_MIN_PLACES - 1),
    ];
    expect(dailyCandidates(scopes).map((s) => s.id)).toEqual(['DE', 'US-CA']);
  });
});
