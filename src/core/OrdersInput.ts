import type { OrderBook } from "../internal/book/OrderBook.js";
import type { OrderAccumulator } from "../stream/OrderAccumulator.js";
import type { Order } from "./types.js";

/**
 * What every order metric accepts: a prepared {@link OrderBook}, any iterable of {@link Order}, or an
 * {@link OrderAccumulator} (read by the metrics that say so: `summarize`, `averageOrderValue`,
 * `purchaseFrequency`, `customerValue`, `repeatCustomerRate`, `customerSummaries`, `cohortTable`,
 * `historicalLifetimeValue`).
 */
export type OrdersInput = OrderBook | OrderAccumulator<unknown> | Iterable<Order>;
