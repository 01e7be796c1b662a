export { RetentionMetricsError } from "./RetentionMetricsError.js";
export type { RetentionMetricsErrorCode, RetentionMetricsErrorDetails } from "./RetentionMetricsError.js";
export { OrderBook } from "../internal/book/OrderBook.js";
export { prepareOrders } from "./prepareOrders.js";
export type { OrderAccessors, PrepareOrdersOptions } from "./prepareOrders.js";
export { prepareOrderColumns } from "./prepareOrderColumns.js";
export type {
  ArrowTableLike,
  ArrowVectorLike,
  OrderColumn,
  OrderColumnName,
  OrderColumnsInput,
  PrepareOrderColumnsOptions,
} from "./prepareOrderColumns.js";
export type { Instant, MetricOptions, Money, Order, OrdersInput, ResolvedWindow, RevenueBasis, TimeUnit } from "./types.js";
