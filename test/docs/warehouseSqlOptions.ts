/** The options of the SQL blocks of docs/warehouse-sql.md, by metric. */
export const DOC_OPTIONS = {
  summarize: { timeZone: "Europe/Prague", from: "2024-01-01", to: "2025-01-01" },
  customerRetentionRate: { timeZone: "America/New_York", start: "2024-01-01", end: "2025-01-01", activeWithinDays: 365 },
  returningCustomerRate: { timeZone: "Asia/Kolkata", baseTo: "2024-01-01", returnFrom: "2024-01-01", returnTo: "2024-07-01" },
  retentionSeries: { timeZone: "Europe/Prague", granularity: "month", activeWithinDays: 90, from: "2024-01-01" },
  growthAccounting: { timeZone: "America/New_York", granularity: "week", weekStartsOn: 0, revenue: "net" },
  cohortTable: { timeZone: "Europe/Prague", granularity: "month", mode: "unbounded", from: "2024-01-01" },
  customerSummaries: { timeZone: "Europe/Prague", unit: "week" },
  historicalLifetimeValue: { timeZone: "America/New_York", granularity: "quarter" },
} as const;
