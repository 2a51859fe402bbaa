// `--report FILE` is written after the run, which can take minutes; a path that cannot be written
// must fail before it, not throw the run's findings away. Permission bits say too little (root
// ignores them, a read-only mount or /proc does not), so the file is really opened: an existing
// file for writing without truncating it, a new one created and removed again.
import { closeSync, openSync, unlinkSync } from 'node:fs';
import { WhydownError } from '../core/errors.js';

export function checkReportWritable(file: string): void {
  let fd: number;
  let created = false;
  try {
    try {
      fd = openSync(file, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      fd = openSync(file, 'wx');
      created = true;
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new WhydownError('E_FILE', `cannot write --report ${file}: ${WHY[code] ?? code}`);
  }
  closeSync(fd);
  if (created) unlinkSync(file);
}

const WHY: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'not permitted (EPERM)',
  EROFS: 'read-only file system (EROFS)',
};

