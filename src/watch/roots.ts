/**
 * The folders (and explicit files' folders) watch mode was given, checked on a
 * timer. A file watcher goes quiet when its folder is deleted, or replaced under
 * it (`rm -rf exps && mkdir exps`, a git checkout that recreates the folder):
 * this notices both, by existence and by inode, so watch can say so and watch
 * the new folder. The timer also keeps the process alive while nothing else is
 * watched, so watch never ends by itself.
 */
import { statSync } from 'node:fs';

export const ROOT_POLL_MS = 500;

/**
 * The folder's identity, or null when it is not a folder (gone, or a file now):
 * its inode and birth time, since `rm -rf d && mkdir d` often gets the same inode back.
 */
function inodeOf(dir: string): string | null {
  try {
    const st = statSync(dir);
    return st.isDirectory() ? `${st.ino}:${st.birthtimeMs}` : null;
  } catch {
    return null;
  }
}

export interface RootEvents {
  gone(dir: string): void;
  back(dir: string): void;
}

export class RootMonitor {
  private readonly inodes = new Map<string, string | null>();
  private timer: NodeJS.Timeout | undefined;

  constructor(dirs: readonly string[], private readonly on: RootEvents) {
    for (const d of dirs) this.inodes.set(d, inodeOf(d));
  }

  start(): void {
    this.timer = setInterval(() => this.check(), ROOT_POLL_MS);
  }

  /** Marks a folder as gone now (the file watcher saw it go); the next check sees it back. */
  lost(dir: string): void {
    if (!this.inodes.has(dir) || this.inodes.get(dir) === null) return;
    this.inodes.set(dir, null);
    this.on.gone(dir);
  }

  check(): void {
    for (const [dir, before] of this.inodes) {
      const now = inodeOf(dir);
      if (now === before) continue;
      this.inodes.set(dir, now);
      if (before !== null) this.on.gone(dir);
      if (now !== null) this.on.back(dir);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
