/** The plugin's messages in English and French as react-intl gives them, failing on a missing key or a bad format. */
import { createIntl } from 'react-intl';
import en from '../../../shared/translations/en.json';
import fr from '../../../shared/translations/fr.json';
import { prefixTranslations } from '../../../admin/src/utils/translations';

const strict = (locale: 'en' | 'fr', messages: Record<string, string>) =>
  createIntl({
    locale,
    messages: prefixTranslations(messages),
    onError: (e) => {
      throw e;
    },
  });

export const intl = { en: strict('en', en), fr: strict('fr', fr) };
