/** Both locales say the same things: the same keys, and each message uses the same placeholders. */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import en from '../../shared/translations/en.json';
import fr from '../../shared/translations/fr.json';

/** The argument names a message uses ({name}, {count, plural, ...}), nested ones included. */
const placeholders = (message: string) => {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if ('value' in el && el.type !== TYPE.literal) names.add(String(el.value));
      if ('options' in el) Object.values(el.options).forEach((o) => walk(o.value));
    }
  };
  walk(parse(message));
  return [...names].sort();
};

describe('admin translations', () => {
  test('en.json and fr.json have the same keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  test.each(Object.keys(en))('%s uses the same placeholders in French', (key) => {
    expect(placeholders((fr as Record<string, string>)[key] ?? '')).toEqual(placeholders((en as Record<string, string>)[key]));
  });
});
