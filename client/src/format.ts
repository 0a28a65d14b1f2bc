/** How the client writes numbers; free of the DOM, so pure modules and their tests can use it. */
export const formatNumber = (n: number): string => Math.round(n).toLocaleString('en');
export const formatPercent = (share: number): string =>
  `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;
/** "1 place", "2 places", "1,234 places". */
export const countOf = (n: number, noun: string): string =>
  `${formatNumber(n)} ${n === 1 ? noun : `${noun}s`}`;
