/** The daily quiz's share text and the rank words, without a browser. */
import { dailyShareText, ordinal } from '../client/src/state/daily-share.js';

test('the share text is exactly the issue’s line', () => {
  expect(
    dailyShareText({ number: 42, quizName: 'Germany', places: 87, populationShare: 0.1421 }),
  ).toBe('placerace daily #42 · Germany · 87 places · 14.2 %');
  expect(
    dailyShareText({ number: 1, quizName: 'California', places: 1, populationShare: 0.0004 }),
  ).toBe('placerace daily #1 · California · 1 place · 0.0 %');
  expect(
    dailyShareText({ number: 7, quizName: 'Mongolia', places: 3, populationShare: 0.6649 }),
  ).toBe('placerace daily #7 · Mongolia · 3 places · 66.5 %');
});

test('ranks read 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th', () => {
  expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 112].map(ordinal)).toEqual([
    '1st',
    '2nd',
    '3rd',
    '4th',
    '11th',
    '12th',
    '13th',
    '21st',
    '22nd',
    '23rd',
    '101st',
    '112th',
  ]);
});
