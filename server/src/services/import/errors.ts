import type { HeaderProblem } from '../../../../shared/import/headers';

/**
 * A problem with the whole file, not one cell (empty, binary, unreadable, too many rows, a bad
 * header row): the import answers 400 naming `field` (`file`, `encoding`, `delimiter`, or the
 * column), with every header problem in `problems`.
 */
export class ImportFileError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly problems: HeaderProblem[] = [],
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}
