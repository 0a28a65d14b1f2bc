-- Each day's quiz, written before the day begins by the first node to ask
-- (server/daily/pinned-quizzes.ts): a release or a re-import that changes
-- the rotation's scopes never changes the quiz of a day already dealt.
CREATE TABLE daily_quizzes (
  date date PRIMARY KEY,
  scope text NOT NULL
);
