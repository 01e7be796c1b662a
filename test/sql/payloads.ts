/**
 * Names and ids that try to leave their quotes, or to look like a placeholder or a comment: used as table names,
 * column names and customer ids by test/sql/toSql.test.ts (SQL text) and test/warehouse/sqlEquality.test.ts (run).
 */
export const INJECTION_PAYLOADS = [
  'orders"; DROP TABLE shop_orders; --',
  "orders`; DROP TABLE shop_orders; --",
  "x' OR '1'='1",
  'a"b""c',
  "Robert'); DROP TABLE students;--",
  "$1",
  ":1",
  "@p1",
  "{p1:String}",
  "-- comment",
  "/* open",
  "new\nline",
  "ünï 漢字",
  "back\\slash`",
];
