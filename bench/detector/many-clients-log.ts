import fs from "node:fs";

/**
 * A log in which `clients` distinct addresses are all active inside one 60 s window (three requests
 * each, spread over 50 s): what the detector holds in memory during a wide distributed attack.
 */
export function writeManyClientsLog(file: string, clients: number, startMs: number): number {
  const fd = fs.openSync(file, "w");
  const total = clients * 3;
  let chunk: string[] = [];
  for (let n = 0; n < total; n++) {
    const i = n % clients;
    const second = Math.floor((n / total) * 50);
    const ts = new Date(startMs + second * 1000).toISOString().replace(".000Z", "+00:00");
    chunk.push(
      `{"source_ip":"10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}","timestamp":"${ts}","method":"GET","path":"/","status":200,"response_size":512}\n`,
    );
    if (chunk.length === 5000) {
      fs.writeSync(fd, chunk.join(""));
      chunk = [];
    }
  }
  fs.writeSync(fd, chunk.join(""));
  fs.closeSync(fd);
  return total;
}
