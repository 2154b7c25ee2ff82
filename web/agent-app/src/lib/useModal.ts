import { useEffect, type RefObject } from 'react';

/** Opens a <dialog> as a modal once it is mounted (the `open` attribute where showModal is missing). */
export function useModal(dialog: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) {
      if (typeof el.showModal === 'function') el.showModal();
      else el.setAttribute('open', '');
    }
  }, [dialog]);
}
