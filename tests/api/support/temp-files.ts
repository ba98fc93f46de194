/**
 * What an upload may leave behind: the regular files of the temporary folder (where Strapi's body
 * parser writes multipart files) holding a given marker, or (`whole`) exactly those bytes. Only
 * files changed since `since` are read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const tempFilesHolding = async (marker: string | Buffer, since: number, { whole = false } = {}): Promise<string[]> => {
  const dir = os.tmpdir();
  const needle = Buffer.isBuffer(marker) ? marker : Buffer.from(marker, 'utf8');
  // An empty upload cannot be told from any other empty file.
  if (whole && needle.length === 0) return [];
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(dir, entry.name);
    try {
      const info = await stat(file);
      if (info.mtimeMs < since - 1000 || (whole ? info.size !== needle.length : info.size < needle.length)) continue;
      const bytes = await readFile(file);
      if (whole ? bytes.equals(needle) : bytes.includes(needle)) found.push(file);
    } catch {
      // removed (or not ours to read) while the folder was listed
    }
  }
  return found;
};
