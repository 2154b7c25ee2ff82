import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n';
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES, toSupported, type Language } from '../i18n/languages';

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = toSupported(i18n.resolvedLanguage) ?? 'en';
  return (
    <span className="language-select">
      <label htmlFor={id} className="visually-hidden">
        {t('header.language')}
      </label>
      <select id={id} value={current} onChange={(e) => changeLanguage(e.target.value as Language)} title={t('header.language')}>
        {SUPPORTED_LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {LANGUAGE_NAMES[lang]}
          </option>
        ))}
      </select>
    </span>
  );
}
