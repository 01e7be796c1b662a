export { cohortTable } from "./cohortTable.js";
export type {
  CohortAveragePoint,
  CohortCell,
  CohortFirstOrder,
  CohortRow,
  CohortSegment,
  CohortTableOptions,
  CohortTableResult,
} from "./cohortTable.js";
export type { Granularity, WeekStartsOn } from "../core/types.js";
