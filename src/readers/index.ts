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
