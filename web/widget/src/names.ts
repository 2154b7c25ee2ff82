/**
 * "Anna Meier" → "AM": what an avatar shows without a picture. The first letter of the first and the last word
 * that hold a letter, so that brackets, "#" and other marks never become initials ("Nora (Firn AG)" → "NA",
 * "Visitor #12" → "V").
 */
export function initialsOf(name: string | null | undefined): string {
  const letters = (name ?? '')
    .split(/\s+/)
    .map((word) => /\p{L}/u.exec(word)?.[0])
    .filter((letter): letter is string => !!letter);
  const picked = letters.length > 1 ? [letters[0]!, letters[letters.length - 1]!] : letters;
  return picked.join('').toUpperCase() || '?';
}
