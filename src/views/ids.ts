/** Identifiers shared by the explorer's package.json contributions and its code. */
export const CONTAINER_ID = 'graphPermissions';
export const ALL_VIEW = 'graphPermissionLens.allPermissions';
export const WORKSPACE_VIEW = 'graphPermissionLens.workspacePermissions';
export const DETAIL_VIEW_TYPE = 'graphPermissionLens.permissionDetail';
export const CTX_SCANNED = 'graphPermissionLens.workspaceScanned';
export const CTX_SCANNING = 'graphPermissionLens.workspaceScanning';
/** `name` or `risk`: which sort command the All permissions title bar offers. */
export const CTX_ALL_SORT = 'graphPermissionLens.allPermissionsSort';

export const CMD = {
  show: 'graphPermissionLens.showPermission',
  /** The tree items' inline action: the same page, without the QuickPick. */
  openDetails: 'graphPermissionLens.openPermissionDetails',
  copyGuid: 'graphPermissionLens.copyPermissionGuid',
  copyName: 'graphPermissionLens.copyPermissionName',
  reveal: 'graphPermissionLens.revealPermission',
  findUsages: 'graphPermissionLens.findPermissionUsages',
  refresh: 'graphPermissionLens.refreshWorkspacePermissions',
  /** All permissions as one list, riskiest first (view title toggle). */
  sortByRisk: 'graphPermissionLens.sortAllPermissionsByRisk',
  /** Back to the list grouped by resource, by name. */
  sortByName: 'graphPermissionLens.sortAllPermissionsByName',
  /** Internal (hidden: leading underscore): the trees as plain data, for the integration tests. */
  snapshot: '_graphPermissionLens.explorerSnapshot',
  /** Internal: the QuickPick matching, for the integration tests. */
  search: '_graphPermissionLens.searchPermissions',
  /** Internal: the HTML of an open detail page. */
  detailHtml: '_graphPermissionLens.detailHtml',
} as const;
