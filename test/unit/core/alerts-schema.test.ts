import { describe, expect, it } from "vitest";
import { AlertDeliverySchema, AlertRouteSchema, AlertsSchema } from "../../../core/alerts-schema";
import { DetectorSettingsSchema } from "../../../core/detector-settings";
import { ManifestSchema } from "../../../core/manifest";

const keys = (schema: { shape: object }) => Object.keys(schema.shape).sort();

describe("the alerts schema", () => {
  it("is one schema the manifest's two alerts sections are views of, with no field left over", () => {
    expect([...keys(AlertRouteSchema), ...keys(AlertDeliverySchema)].sort()).toEqual(
      keys(AlertsSchema),
    );
    expect(ManifestSchema.shape.alerts.unwrap()).toBe(AlertRouteSchema);
    expect(DetectorSettingsSchema.shape.alerts.unwrap()).toBe(AlertDeliverySchema);
  });

  it("keeps each view strict: the key never reaches the daemon's settings, delivery never the top level", () => {
    expect(AlertRouteSchema.safeParse({ enabled: true }).success).toBe(false);
    expect(AlertDeliverySchema.safeParse({ webhookConfigKey: "alertWebhookUrl" }).success).toBe(
      false,
    );
    expect(AlertRouteSchema.parse({ webhookConfigKey: "alertWebhookUrl" })).toEqual({
      webhookConfigKey: "alertWebhookUrl",
    });
  });

  it("defaults the delivery settings as before", () => {
    expect(AlertDeliverySchema.parse({})).toMatchObject({
      enabled: true,
      queueSize: 1000,
      retries: 3,
      coalesce: { windowSeconds: 10, maxMessages: 5 },
    });
  });
});
