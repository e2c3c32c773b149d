/** CPU and memory of this process, as the dashboard shows them. */
export interface ProcessUsage {
  /** Share of one core used since the previous sample (0–100 per core). */
  readonly cpuPercent: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly uptimeSeconds: number;
}

/** Samples CPU use between calls (call about once a second). */
export class ProcessUsageSampler {
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private current: ProcessUsage = {
    cpuPercent: 0,
    rssBytes: 0,
    heapUsedBytes: 0,
    uptimeSeconds: 0,
  };

  sample(): ProcessUsage {
    const cpu = process.cpuUsage();
    const at = performance.now();
    const usedMs = (cpu.user - this.lastCpu.user + cpu.system - this.lastCpu.system) / 1000;
    const elapsed = at - this.lastAt;
    this.lastCpu = cpu;
    this.lastAt = at;
    const mem = process.memoryUsage();
    this.current = {
      cpuPercent: elapsed > 0 ? Math.round((usedMs / elapsed) * 1000) / 10 : 0,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      uptimeSeconds: Math.round(process.uptime()),
    };
    return this.current;
  }

  /** The last sample. */
  get last(): ProcessUsage {
    return this.current;
  }
}
