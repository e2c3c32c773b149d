/** Identity and size of a file: rotation changes the identity, truncation shrinks the size. */
export interface FileInfo {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
}

/**
 * The few synchronous file operations the follower needs, so its logic can be tested against real
 * files (the Node implementation) or scripted ones. `stat` and `open` return undefined for a file
 * that does not exist; other errors throw.
 */
export interface FileAccess {
  stat(path: string): FileInfo | undefined;
  open(path: string): number | undefined;
  fstat(fd: number): FileInfo;
  read(fd: number, buf: Buffer, offset: number, length: number, position: number): number;
  close(fd: number): void;
  /** Names in a directory (for finding a file renamed while the daemon was down). */
  list(dir: string): string[];
}

/** Where reading stopped: enough to resume exactly there, or to notice the file changed. */
export interface FollowPosition {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
  /** Byte offset just after the last complete line handed out. */
  readonly offset: number;
  /** Hex of the file's first bytes, to notice a truncate-and-rewrite that keeps the size growing. */
  readonly head: string;
}
