import { describe, expect, it } from "vitest";
import { DetectorSettingsSchema } from "../../../core/detector-settings";
import { formatPodLogPattern, parsePodLogPattern } from "../../../core/pod-log-pattern";

describe("pod-log patterns", () => {
  it("reads the folder, the pods' folder prefix and the container, and formats them back", () => {
    const text = "/var/log/pods/shop_proxy-*/nginx/*.log";
    const pattern = parsePodLogPattern(text);
    expect(pattern).toEqual({
      dir: "/var/log/pods",
      podFolderPrefix: "shop_proxy-",
      container: "nginx",
    });
    expect(formatPodLogPattern(pattern!)).toBe(text);
  });

  it.each([
    "/var/log/nginx/access.json",
    "/var/log/pods/proxy-*/nginx/*.log",
    "/var/log/pods/shop_proxy-*/nginx/0.log",
    "var/log/pods/shop_proxy-*/nginx/*.log",
    "/var/log/pods/shop_*proxy-*/nginx/*.log",
  ])("refuses %s", (text) => expect(parsePodLogPattern(text)).toBeUndefined());

  it("the settings refuse a kubernetes-pod-logs source whose logPath is not a pattern, naming the field", () => {
    const result = DetectorSettingsSchema.safeParse({
      logSource: "kubernetes-pod-logs",
      logPath: "/var/log/nginx/access.json",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["logPath"]);
    expect(result.error?.issues[0]?.message).toContain(
      "<dir>/<namespace>_<pod prefix>*/<container>/*.log",
    );
    expect(DetectorSettingsSchema.parse({}).logSource).toBe("file");
  });
});
