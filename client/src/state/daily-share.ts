/**
 * The daily quiz's share text, the same for everyone who played it:
 * "placerace daily #42 · Germany · 87 places · 14.2 %". Plain text, one
 * line, no link: it is pasted into chats that show it as it is.
 */
export interface DailyShare {
  number: number;
  quizName: string;
  places: number;
  /** The share of the quiz's population the player's places hold, 0–1. */
  populationShare: number;
}

export function dailyShareText({ number, quizName, places, populationShare }: DailyShare): string {
  const percent = (populationShare * 100).toFixed(1);
  return `placerace daily #${number} · ${quizName} · ${places} ${places === 1 ? 'place' : 'places'} · ${percent} %`;
}

/** "1st", "2nd", "23rd", "111th": a rank on the board. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}
