// Named exports only.
export { netPromoterScore } from "./netPromoterScore.js";
export type { NetPromoterScoreResult } from "./netPromoterScore.js";
export { customerSatisfactionScore } from "./customerSatisfactionScore.js";
export type { CustomerSatisfactionScoreOptions, CustomerSatisfactionScoreResult } from "./customerSatisfactionScore.js";
