export { RetentionMetricsError } from "./RetentionMetricsError.js";
export type { RetentionMetricsErrorCode, RetentionMetricsErrorDetails } from "./RetentionMetricsError.js";
export { OrderBook } from "../internal/book/OrderBook.js";
export { prepareOrders } from "./prepareOrders.js";
export type { PrepareOrdersOptions } from "./prepareOrders.js";
export { prepareOrderColumns } from "./prepareOrderColumns.js";
export type { PrepareOrderColumnsOptions } from "./prepareOrderColumns.js";
export type {
  ArrowTableLike,
  ArrowVectorLike,
  ExchangeRateTable,
  Instant,
  MetricOptions,
  Money,
  Order,
  OrderAccessors,
  OrderColumn,
  OrderColumnName,
  OrderColumnsInput,
  RefundAttribution,
  ResolvedWindow,
  RevenueBasis,
  TimeUnit,
  ValueBasis,
  ValueOptions,
} from "./types.js";
export type { OrdersInput } from "./OrdersInput.js";
