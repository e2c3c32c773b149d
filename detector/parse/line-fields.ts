/**
 * The fields the engine needs from one access-log line. One instance is reused for every line:
 * the addresses stay as byte ranges of their buffers so the hot path creates no strings.
 */
export class LineFields {
  ipBuf: Uint8Array = new Uint8Array(0);
  ipStart = 0;
  ipEnd = 0;
  /** Log time, epoch milliseconds. */
  timeMs = NaN;
  /** HTTP status, or -1 when absent. */
  status = -1;
  /** `peer_ip` (the connecting address, before realip), when the line has it: peerStart ≥ 0. */
  peerBuf: Uint8Array = new Uint8Array(0);
  peerStart = -1;
  peerEnd = -1;

  reset(): void {
    this.ipStart = 0;
    this.ipEnd = 0;
    this.timeMs = NaN;
    this.status = -1;
    this.peerStart = -1;
    this.peerEnd = -1;
  }
}
