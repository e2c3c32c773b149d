import { describe, expect, it } from "vitest";
import { isAddressOrCidr, isCidr, isHostOrAddress } from "../../../../core/manifest";
import { isImageRef } from "../../../../core/manifest/image-ref";

describe("field validators", () => {
  it.each([
    ["nginx:1.27-bookworm", true],
    ["openpolicyagent/opa:1.22.2", true],
    ["local/debian:bookworm", true],
    ["registry.example:5000/team/app:2.0.0", true],
    ["app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true],
    ["Nginx:latest", false],
    ["nginx:latest latest", false],
    ["nginx:", false],
    ["https://registry/app", false],
  ])("image reference %s is valid: %s", (value, valid) => {
    expect(isImageRef(value)).toBe(valid);
  });

  it.each([
    ["10.0.0.0/8", true],
    ["192.0.2.7", true],
    ["2001:db8::/32", true],
    ["::1", true],
    ["10.0.0.0/33", false],
    ["10.0.0.0/", false],
    ["10.0.0/8", false],
    ["2001:db8::/129", false],
    ["10.0.0.0/8/8", false],
  ])("address or CIDR %s is valid: %s", (value, valid) => {
    expect(isAddressOrCidr(value)).toBe(valid);
  });

  it.each([
    ["172.28.0.0/16", true],
    ["172.28.0.0", false],
  ])("subnet %s is a CIDR: %s", (value, valid) => {
    expect(isCidr(value)).toBe(valid);
  });

  it.each([
    ["deploy.example.org", true],
    ["host1", true],
    ["203.0.113.10", true],
    ["-bad.example", false],
    ["bad host", false],
    ["", false],
  ])("host %j is valid: %s", (value, valid) => {
    expect(isHostOrAddress(value)).toBe(valid);
  });
});
