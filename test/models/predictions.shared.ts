import { fitBetaGeo, fitBetaGeoBetaBinom, fitGammaGamma, fitModifiedBetaGeo, fitParetoNbd } from "../../src/models/index.js";
import { cdnowSpend, cdnowSummary, donations } from "./fixtures.js";

/** The CDNOW and donations fits every prediction test uses (computed once per test file). */
export const bgnbd = fitBetaGeo(cdnowSummary, { unit: "week" });
export const mbgnbd = fitModifiedBetaGeo(cdnowSummary, { unit: "week" });
export const pnbd = fitParetoNbd(cdnowSummary, { unit: "week" });
export const bgbb = fitBetaGeoBetaBinom(donations);
export const gg = fitGammaGamma(cdnowSpend);
export const continuousModels = [bgnbd, mbgnbd, pnbd] as const;
