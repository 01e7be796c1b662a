export { cohortTable } from "./cohortTable.js";
export type {
  CohortAveragePoint,
  CohortCell,
  CohortFirstOrder,
  CohortMode,
  CohortRow,
  CohortSegment,
  CohortTableOptions,
  CohortTableResult,
} from "./cohortTable.js";
export type { Granularity, WeekStartsOn } from "../core/types.js";
