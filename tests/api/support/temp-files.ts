/**
 * What an upload may leave behind: the regular files of the temporary folder (where Strapi's body
 * parser writes multipart files) holding a given marker. Only files changed since `since` are read.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const tempFilesHolding = async (marker: string | Buffer, since: number): Promise<string[]> => {
  const dir = os.tmpdir();
  const needle = Buffer.isBuffer(marker) ? marker : Buffer.from(marker, 'utf8');
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(dir, entry.name);
    try {
      const info = await stat(file);
      if (info.mtimeMs < since - 1000 || info.size < needle.length) continue;
      if ((await readFile(file)).includes(needle)) found.push(file);
    } catch {
      // removed (or not ours to read) while the folder was listed
    }
  }
  return found;
};
