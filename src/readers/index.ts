export { readOrderBook } from "./readOrderBook.js";
export type { ReadOrderBookOptions, ReadOrderBookResult } from "./readOrderBook.js";
export { readOrders } from "./readOrders.js";
export type {
  ExchangeRates,
  OrderColumnMapping,
  OrderExportFormat,
  OrderExportInput,
  OrderLedger,
  OrderSink,
  ReadOrdersOptions,
  ReadOrdersResult,
  RowError,
  SkippedRowReason,
  SkippedRows,
} from "./readOrders.js";
