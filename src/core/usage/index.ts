/** Least privilege from code usage: detection, matching, comparison, report. Pure (no vscode). */
export { detectGraphCalls, CMDLET_PATHS, CODE_FORMATS, type GraphCall, type CallSource } from './detect';
export { detectAuth, kindAt, type AuthEvidence } from './auth';
export { normalizeGraphPath, compileTemplate, pathMatches, callKeys } from './paths';
export {
  analyzeUsage,
  candidatesFor,
  leastForCall,
  NO_PATH_DATA_MESSAGE,
  noPathDataMessage,
  USAGE_RULES,
  USAGE_RULE_IDS,
  type AppUsageReport,
  type CallSite,
  type Candidate,
  type NeededPermission,
  type RequestedPermission,
  type UsageFile,
  type UsageFinding,
  type UsageOptions,
  type UsageRuleId,
} from './leastPrivilege';
export { addPermissionEdit } from './manifestEdit';
export { reportJson, reportMarkdown } from './report';
export { callHoverMarkdown } from './hover';
