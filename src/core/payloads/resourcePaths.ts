/**
 * Which resource a Graph request path creates or updates: common v1.0 collection paths and the
 * type of their members. `POST <collection>` creates one (a create payload); `PATCH <collection>/{id}`
 * updates one. `{}` matches one path segment (an id); `me/…` also covers `users/{id}/…`.
 * Matching ignores the case of literal segments, a query string and a trailing slash.
 */
export const COLLECTION_TYPES: readonly (readonly [path: string, type: string])[] = [
  ['communications/calls', 'microsoft.graph.call'],
  ['communications/calls/{}/participants', 'microsoft.graph.participant'],
  ['users', 'microsoft.graph.user'],
  ['groups', 'microsoft.graph.group'],
  ['applications', 'microsoft.graph.application'],
  ['applications/{}/federatedIdentityCredentials', 'microsoft.graph.federatedIdentityCredential'],
  ['servicePrincipals', 'microsoft.graph.servicePrincipal'],
  ['servicePrincipals/{}/appRoleAssignedTo', 'microsoft.graph.appRoleAssignment'],
  ['servicePrincipals/{}/appRoleAssignments', 'microsoft.graph.appRoleAssignment'],
  ['me/appRoleAssignments', 'microsoft.graph.appRoleAssignment'],
  ['oauth2PermissionGrants', 'microsoft.graph.oAuth2PermissionGrant'],
  ['administrativeUnits', 'microsoft.graph.administrativeUnit'],
  ['domains', 'microsoft.graph.domain'],
  ['invitations', 'microsoft.graph.invitation'],
  ['subscriptions', 'microsoft.graph.subscription'],
  ['identity/conditionalAccess/policies', 'microsoft.graph.conditionalAccessPolicy'],
  ['me/messages', 'microsoft.graph.message'],
  ['me/mailFolders', 'microsoft.graph.mailFolder'],
  ['me/mailFolders/{}/messages', 'microsoft.graph.message'],
  ['me/mailFolders/{}/childFolders', 'microsoft.graph.mailFolder'],
  ['me/events', 'microsoft.graph.event'],
  ['me/calendar/events', 'microsoft.graph.event'],
  ['me/calendars', 'microsoft.graph.calendar'],
  ['me/calendars/{}/events', 'microsoft.graph.event'],
  ['groups/{}/events', 'microsoft.graph.event'],
  ['groups/{}/calendar/events', 'microsoft.graph.event'],
  ['me/contacts', 'microsoft.graph.contact'],
  ['me/contactFolders', 'microsoft.graph.contactFolder'],
  ['me/onlineMeetings', 'microsoft.graph.onlineMeeting'],
  ['me/todo/lists', 'microsoft.graph.todoTaskList'],
  ['me/todo/lists/{}/tasks', 'microsoft.graph.todoTask'],
  ['me/drive/root/children', 'microsoft.graph.driveItem'],
  ['me/drive/items/{}/children', 'microsoft.graph.driveItem'],
  ['drives/{}/items/{}/children', 'microsoft.graph.driveItem'],
  ['sites/{}/lists', 'microsoft.graph.list'],
  ['sites/{}/lists/{}/items', 'microsoft.graph.listItem'],
  ['chats', 'microsoft.graph.chat'],
  ['chats/{}/messages', 'microsoft.graph.chatMessage'],
  ['chats/{}/members', 'microsoft.graph.conversationMember'],
  ['teams', 'microsoft.graph.team'],
  ['teams/{}/channels', 'microsoft.graph.channel'],
  ['teams/{}/members', 'microsoft.graph.conversationMember'],
  ['teams/{}/channels/{}/messages', 'microsoft.graph.chatMessage'],
  ['teams/{}/channels/{}/messages/{}/replies', 'microsoft.graph.chatMessage'],
  ['teams/{}/channels/{}/members', 'microsoft.graph.conversationMember'],
  ['planner/plans', 'microsoft.graph.plannerPlan'],
  ['planner/tasks', 'microsoft.graph.plannerTask'],
  ['planner/buckets', 'microsoft.graph.plannerBucket'],
];

export interface PathMatch {
  type: string;
  /** `collection` = the path names the collection (POST creates), `item` = one member (PATCH updates). */
  target: 'collection' | 'item';
  /** The table row that matched. */
  pattern: string;
}

const PATTERNS: { segs: string[]; type: string; pattern: string }[] = [];
for (const [p, type] of COLLECTION_TYPES) {
  PATTERNS.push({ segs: p.toLowerCase().split('/'), type, pattern: p });
  if (p.startsWith('me/')) PATTERNS.push({ segs: ['users', '{}', ...p.toLowerCase().split('/').slice(1)], type, pattern: p });
}

/**
 * The Graph path of a request URL: `https://graph.microsoft.com/v1.0/me/events?$x` → `me/events`;
 * `{{graph}}/communications/calls` → `communications/calls`; `/v1.0/users` → `users`. Undefined
 * for a `beta` URL (the model holds v1.0 types) and for URLs of other hosts.
 */
export function graphPath(url: string): string | undefined {
  let u = url.trim().replace(/[?#].*$/, '');
  const m = /^https?:\/\/([^/]+)(\/.*)?$/i.exec(u);
  if (m) {
    if (!/(^|\.)graph\.microsoft\.(com|us|de|cn)$|^microsoftgraph\.chinacloudapi\.cn$|^dod-graph\.microsoft\.us$|\{\{/i.test(m[1])) return undefined;
    u = m[2] ?? '';
  } else {
    u = u.replace(/^\{\{[^}]*\}\}/, '');
  }
  const segs = u.split('/').filter((s) => s.length > 0);
  if (segs[0]?.toLowerCase() === 'beta') return undefined;
  if (segs[0]?.toLowerCase() === 'v1.0') segs.shift();
  return segs.join('/');
}

/** The resource type of a Graph path (see COLLECTION_TYPES), or undefined. */
export function typeForPath(path: string): PathMatch | undefined {
  const segs = path.split('/').filter((s) => s.length > 0).map((s) => s.toLowerCase());
  if (segs.length === 1 && segs[0] === 'me') return { type: 'microsoft.graph.user', target: 'item', pattern: 'users' };
  for (const p of PATTERNS) {
    if (segs.length === p.segs.length && matches(segs, p.segs)) return { type: p.type, target: 'collection', pattern: p.pattern };
    if (segs.length === p.segs.length + 1 && matches(segs, p.segs)) return { type: p.type, target: 'item', pattern: p.pattern };
  }
  return undefined;
}

function matches(segs: string[], pattern: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '{}' && pattern[i] !== segs[i]) return false;
  }
  return true;
}
