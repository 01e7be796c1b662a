// Smoke test of the built ESM entry, through the package's own exports map.
import assert from "node:assert/strict";
import { prepareOrders, RetentionMetricsError, summarize } from "retention-metrics";

const book = prepareOrders([
  { orderId: "1", customerId: "a", placedAt: "2024-01-01T10:00:00Z", total: "0.1" },
  { orderId: "2", customerId: "a", placedAt: "2024-02-01T10:00:00Z", total: "0.2" },
]);
const s = summarize(book);
assert.equal(s.revenue.net.toString(), "0.3");
assert.equal(s.repeatCustomerRate, 1);
assert.throws(() => prepareOrders([{ orderId: "1", customerId: "", placedAt: 0, total: 1 }]), (e) => e instanceof RetentionMetricsError && e.code === "EMPTY_CUSTOMER_ID");
console.log("smoke (import): ok");
