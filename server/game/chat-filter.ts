/**
 * The chat's filter: rude words masked with a maintained list and matcher
 * (the `obscenity` package's English set, which also sees through leet
 * speak, look-alike letters and repeated letters), never a list of our own.
 * "fucking" is shown "f******"; the rest of the message is left as written.
 * The room decides whether its players read the masked text (its
 * `chatFilter` setting, on unless the host turns it off).
 */
import {
  asteriskCensorStrategy,
  englishDataset,
  englishRecommendedTransformers,
  keepStartCensorStrategy,
  RegExpMatcher,
  TextCensor,
} from 'obscenity';

let filter: { matcher: RegExpMatcher; censor: TextCensor } | undefined;

/** Built on the first message: the matcher compiles its whole list. */
function chatFilter() {
  if (!filter) {
    const matcher = new RegExpMatcher({
      ...englishDataset.build(),
      ...englishRecommendedTransformers,
    });
    const censor = new TextCensor().setStrategy(keepStartCensorStrategy(asteriskCensorStrategy()));
    filter = { matcher, censor };
  }
  return filter;
}

/** `text` with its rude words masked; the same text when it has none. */
export function maskRudeWords(text: string): string {
  const { matcher, censor } = chatFilter();
  const matches = matcher.getAllMatches(text);
  return matches.length === 0 ? text : censor.applyTo(text, matches);
}
