import { useTranslation } from 'react-i18next';
import { fileSizeText } from './images';
import { LocalImage } from './LocalImage';

/** The images chosen for the next message, each with a button to leave it out again. */
export function ImageTray({ files, onRemove }: { files: readonly File[]; onRemove: (file: File) => void }) {
  const { t, i18n } = useTranslation();
  if (files.length === 0) return null;
  return (
    <ul className="image-tray" aria-label={t('images.tray')}>
      {files.map((file, index) => {
        const name = file.name || t('images.unnamed', { n: index + 1 });
        return (
          <li key={`${index}:${file.name}:${file.size}:${file.lastModified}`} className="image-tray__item">
            <LocalImage file={file} alt={name} className="image-tray__thumb" />
            <span className="image-tray__size">{fileSizeText(file.size, i18n.language)}</span>
            <button
              type="button"
              className="image-tray__remove"
              aria-label={t('images.remove', { name })}
              title={t('images.remove', { name })}
              onClick={() => onRemove(file)}
            >
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
