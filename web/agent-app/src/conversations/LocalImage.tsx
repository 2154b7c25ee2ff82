import { useEffect, useState } from 'react';

/**
 * An image from a File in memory (a preview before sending, an unconfirmed message). The object
 * URL lives as long as the element, so previews do not pile up in the browser's memory.
 */
export function LocalImage({ file, alt, className }: { file: File; alt: string; className?: string }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const next = URL.createObjectURL(file);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [file]);
  // The element is there from the first render (its CSS height is fixed), so the message list does
  // not grow after it has been scrolled to its end when the URL arrives.
  return <img src={url} alt={alt} className={className} />;
}
