// Public surface of disclosure control; other folders import from here.
export { Attacker, isProtected } from './attacker.ts';
export type { Interval, KnownCell } from './attacker.ts';
export { knownCells, protectTable, relationsOf } from './complementary.ts';
export type { ComplementStrategy, DimStructure, ProtectOptions, ProtectResult } from './complementary.ts';
export { DEFAULT_RULES, checkRules, parseRules, primaryReason } from './rules.ts';
export type { DisclosureRules } from './rules.ts';
export { buildTable, cellKey } from './table.ts';
export type { CellStats, ProtectedTable, SuppressionReason, TableCell } from './table.ts';
export { SUPPRESSION_REASON_TEXT, suppressionReasonText } from './table.ts';
