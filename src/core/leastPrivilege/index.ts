/** Least privilege from code usage: detection, matching, comparison, report. Pure (no vscode). */
export { detectGraphCalls, callContext, CMDLET_PATHS, CODE_FORMATS, type CallContext, type GraphCall, type CallSource } from './detect';
export { PathTable, pathVariants, FALLBACK_TEXT, type Claim, type ProtectedResource, type ResourceMatch, type FallbackRule } from './matcher';
export { deriveCmdlets, resolveCmdlet, cmdletFor, type CmdletIndex, type CmdletTarget } from './cmdlets';
export { isScopeRequest, isSetupScript } from './requests';
export { detectAuth, kindAt, type AuthEvidence } from './auth';
export { normalizeGraphPath, segKey } from './requestPaths';
export {
  analyzeUsage,
  analyzeUsageSteps,
  candidatesFor,
  cmdletIndexOf,
  pathTableOf,
  usageContext,
  type MatchRule,
  type RequestSource,
  leastForCall,
  scopedLeastOf,
  scopedLeastText,
  scopedPart,
  queryProperties,
  uncheckedProperties,
  NO_PATH_DATA_MESSAGE,
  noPathDataMessage,
  USAGE_RULES,
  USAGE_RULE_IDS,
  type AppInfo,
  type AppUsageReport,
  type CallSite,
  type Candidate,
  type NeededPermission,
  type RequestedPermission,
  type UsageFile,
  type UsageFinding,
  type UsageOptions,
  type UsageRuleId,
} from './analysis';
export { groupIntoApps, describeOrigin, isProjectFile, type AppGroup, type AppOptions, type AppInputFile } from './apps';
export { analyzeApps, analyzeAppsSteps, explainUnmatched, looksLikeManifest, type AppRun } from './collect';
export { addPermissionEdit } from './manifestEdit';
export { reportJson, reportMarkdown } from './report';
export { callHoverMarkdown } from './callHover';
