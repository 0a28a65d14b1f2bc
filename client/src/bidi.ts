/**
 * Nicknames kept to themselves on the page: a name in Arabic or Hebrew
 * (or one ending in digits) must not pull the words and numbers beside it
 * into its own direction. Elements that hold only a name take the class
 * NICKNAME (unicode-bidi: isolate, in style.css). In a sentence, DOM-free
 * code marks each name with Unicode's isolates (U+2068 FIRST STRONG
 * ISOLATE … U+2069 POP DIRECTIONAL ISOLATE, the <bdi> of plain text), and
 * `sentenceNodes` turns each marked name into a <bdi>, so the page's text
 * reads as the sentence without the marks.
 */
import { h } from './dom.js';

/** The class of an element whose text is one nickname. */
export const NICKNAME = 'nickname';

const FSI = '\u2068';
const PDI = '\u2069';
const MARKED = /\u2068([^\u2068\u2069]*)\u2069/;

/** `name` marked as one isolated run of text (any isolate marks of its own dropped). */
export const isolate = (name: string): string =>
  `${FSI}${name.replace(/[\u2068\u2069]/g, '')}${PDI}`;

/** A sentence as nodes: plain text, and each name `isolate` marked in a <bdi>. */
export function sentenceNodes(sentence: string): (string | HTMLElement)[] {
  return sentence
    .split(MARKED)
    .map((part, i) => (i % 2 === 1 ? h('bdi', {}, part) : part))
    .filter((part) => part !== '');
}
