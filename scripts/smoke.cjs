// Smoke test of the built CommonJS entry, through the package's own exports map.
const assert = require("node:assert/strict");
const { prepareOrders, RetentionMetricsError, summarize } = require("retention-metrics");

const s = summarize(
  prepareOrders([
    { orderId: "1", customerId: "a", placedAt: "2024-01-01T10:00:00Z", total: "0.1" },
    { orderId: "2", customerId: "b", placedAt: "2024-02-01T10:00:00Z", total: "0.2" },
  ]),
);
assert.equal(s.revenue.net.toString(), "0.3");
assert.equal(s.customers, 2);
assert.throws(() => prepareOrders([{ orderId: "1", customerId: "a", placedAt: "nope", total: 1 }]), (e) => e instanceof RetentionMetricsError && e.code === "INVALID_DATE");
console.log("smoke (require): ok");
