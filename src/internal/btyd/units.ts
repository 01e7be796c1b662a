
/** Days in the average Gregorian month, 365.25 / 12. */
export const DAYS_PER_MONTH = 30.4375;
