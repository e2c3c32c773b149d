/**
 * The fields the engine needs from one access-log line. One instance is reused for every line:
 * the address stays as a byte range of `ipBuf` so the hot path creates no strings.
 */
export class LineFields {
  ipBuf: Uint8Array = new Uint8Array(0);
  ipStart = 0;
  ipEnd = 0;
  /** Log time, epoch milliseconds. */
  timeMs = NaN;
  /** HTTP status, or -1 when absent. */
  status = -1;

  reset(): void {
    this.ipStart = 0;
    this.ipEnd = 0;
    this.timeMs = NaN;
    this.status = -1;
  }
}
