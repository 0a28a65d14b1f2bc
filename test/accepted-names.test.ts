import { acceptedNameKeys, isCodeLike } from '../db/gazetteer/accepted-names.js';

describe('isCodeLike', () => {
  test.each(['CGN', 'EDDK', 'NY', '50667', 'A1V 0A9', 'https://en.wikipedia.org/wiki/Cologne'])(
    '%s is a code or a link',
    (alternate) => expect(isCodeLike(alternate)).toBe(true),
  );
  test.each(['Koeln', 'Köln', 'Кёльн', 'VYTINA', 'Ua', 'Öl'])('%s is a name', (alternate) =>
    expect(isCodeLike(alternate)).toBe(false),
  );
});

describe('acceptedNameKeys', () => {
  test('name, ASCII name and alternates, normalised and without duplicates or codes', () => {
    const keys = acceptedNameKeys({
      name: 'Köln',
      asciiName: 'Koln',
      alternateNames:
        'CGN,Cologne,Koeln,Köln,Кёльн,EDDK,50667,https://en.wikipedia.org/wiki/Cologne',
    });
    expect(keys.sort()).toEqual(['cologne', 'koeln', 'koln', 'кельн']);
  });

  test('a place whose own name looks like a code keeps it', () => {
    expect(acceptedNameKeys({ name: 'Ua', asciiName: 'UA', alternateNames: '' })).toEqual(['ua']);
  });
});
