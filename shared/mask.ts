/** "••••••••ABCD": the last four characters, and only when they are under half of the value. Pure, so the CSV import's report shows a `key` cell the same way the key list does. */
export const maskKey = (plaintext: string): string => {
  const shown = plaintext.length >= 8 ? plaintext.slice(-4) : '';
  return `••••••••${shown}`;
};
