/**
 * Which Microsoft Graph resource types a permission touches, from the name's resource segment
 * (`Calls.AccessMedia.All` → `call`), and the property tables of those types from
 * `data/resources.json`. The mapping is a reviewed table; a segment that is not in it is matched
 * to a type of the same name only as a labelled guess, and anything else says it is unmapped
 * rather than guessing. Pure: the caller supplies the resource file's text.
 */
import { GRAPH_APP_ID } from '../permissions/guid';
import type { ResourcePropertyData, ResourceStoreFile, ResourceTypeData } from '../store/storeData';
import { ResourceModel } from '../payloads/resourceModel';
import { resourceSegment } from './model';

/** `curated`: from the table below; `name`: a type with the segment's name exists (unreviewed); `none`: no mapping. */
export type MappingCertainty = 'curated' | 'name' | 'none';

export interface ResourceMapping {
  certainty: MappingCertainty;
  /** Type names without the `microsoft.graph.` prefix (`call`, `callRecords.callRecord`). */
  types: string[];
  /** Why there is no mapping, or what to keep in mind. Plain text. */
  note?: string;
}

const NS = 'microsoft.graph.';

/**
 * Resource segment → the main types its permissions act on. Reviewed against the permissions
 * reference; the first type is the primary one. Every type must exist in data/resources.json
 * (a unit test checks it).
 */
export const RESOURCE_TYPES: Readonly<Record<string, readonly string[]>> = {
  AccessReview: ['accessReviewScheduleDefinition', 'accessReviewInstance'],
  AdministrativeUnit: ['administrativeUnit'],
  Agreement: ['agreement'],
  AgreementAcceptance: ['agreementAcceptance'],
  AppRoleAssignment: ['appRoleAssignment'],
  Application: ['application', 'servicePrincipal'],
  AuditLog: ['directoryAudit', 'signIn', 'provisioningObjectSummary'],
  AttackSimulation: ['attackSimulationRoot', 'simulation'],
  AuthenticationContext: ['authenticationContextClassReference'],
  BitlockerKey: ['bitlockerRecoveryKey'],
  Bookings: ['bookingBusiness'],
  BookingsAppointment: ['bookingAppointment'],
  Calendars: ['event', 'calendar'],
  CallRecords: ['callRecords.callRecord', 'callRecords.session'],
  'CallRecord-PstnCalls': ['callRecords.pstnCallLogRow'],
  Calls: ['call'],
  Channel: ['channel'],
  ChannelMember: ['conversationMember'],
  ChannelMessage: ['chatMessage'],
  ChannelSettings: ['channel'],
  Chat: ['chat', 'chatMessage'],
  ChatMember: ['conversationMember'],
  ChatMessage: ['chatMessage'],
  ConsentRequest: ['appConsentRequest', 'userConsentRequest'],
  Contacts: ['contact', 'contactFolder'],
  CustomAuthenticationExtension: ['customAuthenticationExtension'],
  CustomSecAttributeDefinition: ['customSecurityAttributeDefinition'],
  DelegatedAdminRelationship: ['delegatedAdminRelationship'],
  DelegatedPermissionGrant: ['oAuth2PermissionGrant'],
  Device: ['device'],
  DeviceManagementApps: ['mobileApp'],
  DeviceManagementConfiguration: ['deviceConfiguration', 'deviceCompliancePolicy'],
  DeviceManagementManagedDevices: ['managedDevice'],
  DeviceManagementRBAC: ['deviceAndAppManagementRoleDefinition', 'deviceAndAppManagementRoleAssignment'],
  DeviceManagementServiceConfig: ['deviceManagement'],
  Domain: ['domain'],
  EduAssignments: ['educationAssignment', 'educationSubmission'],
  EduRoster: ['educationClass', 'educationSchool', 'educationUser'],
  EntitlementManagement: ['accessPackage', 'accessPackageAssignment'],
  ExternalConnection: ['externalConnectors.externalConnection'],
  ExternalItem: ['externalConnectors.externalItem'],
  Files: ['driveItem', 'drive'],
  Group: ['group'],
  GroupMember: ['group'],
  IdentityRiskEvent: ['riskDetection'],
  IdentityRiskyServicePrincipal: ['riskyServicePrincipal'],
  IdentityRiskyUser: ['riskyUser'],
  LearningContent: ['learningContent'],
  LearningProvider: ['learningProvider'],
  Mail: ['message', 'mailFolder'],
  MailboxSettings: ['mailboxSettings'],
  Notes: ['notebook', 'onenoteSection', 'onenotePage'],
  OnlineMeetingArtifact: ['meetingAttendanceReport'],
  OnlineMeetingRecording: ['callRecording'],
  OnlineMeetingTranscript: ['callTranscript'],
  OnlineMeetings: ['onlineMeeting'],
  OrgContact: ['orgContact'],
  Organization: ['organization'],
  People: ['person'],
  Place: ['place'],
  Presence: ['presence'],
  PrintConnector: ['printConnector'],
  PrintJob: ['printJob'],
  PrintTaskDefinition: ['printTaskDefinition'],
  Printer: ['printer'],
  PrinterShare: ['printerShare'],
  RoleAssignmentSchedule: ['unifiedRoleAssignmentSchedule', 'unifiedRoleAssignmentScheduleRequest'],
  RoleEligibilitySchedule: ['unifiedRoleEligibilitySchedule', 'unifiedRoleEligibilityScheduleRequest'],
  RoleManagement: ['unifiedRoleDefinition', 'unifiedRoleAssignment'],
  RoleManagementPolicy: ['unifiedRoleManagementPolicy'],
  Schedule: ['schedule', 'shift'],
  SecurityAlert: ['security.alert'],
  SecurityIncident: ['security.incident'],
  ServiceHealth: ['serviceHealth', 'serviceHealthIssue'],
  ServiceMessage: ['serviceUpdateMessage'],
  Sites: ['site', 'list', 'listItem'],
  SubjectRightsRequest: ['subjectRightsRequest'],
  Subscription: ['subscription'],
  Tasks: ['todoTask', 'todoTaskList', 'plannerTask', 'plannerPlan'],
  Team: ['team'],
  TeamMember: ['conversationMember'],
  TeamSettings: ['team'],
  TeamsAppInstallation: ['teamsAppInstallation'],
  TeamsTab: ['teamsTab'],
  Teamwork: ['teamwork'],
  TeamworkTag: ['teamworkTag'],
  TermStore: ['termStore.store', 'termStore.set', 'termStore.term'],
  ThreatAssessment: ['threatAssessmentRequest'],
  ThreatHunting: ['security.huntingQueryResults'],
  User: ['user'],
  UserActivity: ['userActivity'],
  UserAuthenticationMethod: ['authenticationMethod'],
  UserShiftPreferences: ['shiftPreferences'],
  WorkforceIntegration: ['workforceIntegration'],
  eDiscovery: ['security.ediscoveryCase'],
};

/** Segments whose permissions span many types, where any single type would mislead. */
const BROAD: Readonly<Record<string, string>> = {
  Directory: 'Directory permissions cover most directory objects (users, groups, applications, devices, …), not one resource type.',
  Policy: 'Policy permissions cover many policy types; the rest of the name says which (for example ConditionalAccess → conditionalAccessPolicy).',
  Reports: 'Reports permissions cover the usage and activity reports, which are functions rather than resource types.',
  Member: 'Member permissions cover the memberships of several object types.',
};
const BROAD_NOTES: ReadonlyMap<string, string> = new Map(Object.entries(BROAD));
const CURATED: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(RESOURCE_TYPES));


const OPENID = new Set(['openid', 'profile', 'email', 'offline_access']);

/** The mapping for a permission name of a resource application. `knownType` tells whether a type name exists. */
export function mapPermissionToResources(name: string, resourceAppId: string, knownType: (shortName: string) => boolean): ResourceMapping {
  if (resourceAppId.toLowerCase() !== GRAPH_APP_ID) {
    return { certainty: 'none', types: [], note: 'This permission belongs to another API than Microsoft Graph; its resources are not described here.' };
  }
  if (OPENID.has(name.toLowerCase())) {
    return { certainty: 'none', types: [], note: 'An OpenID Connect scope: it controls what the sign-in returns (tokens and claims) and touches no Microsoft Graph resource.' };
  }
  const seg = resourceSegment(name);
  // Maps, not the tables: a permission named `constructor` or `__proto__` must not find Object's members.
  const curated = CURATED.get(seg);
  if (curated) {
    const types = curated.filter(knownType);
    if (types.length) return { certainty: 'curated', types };
  }
  const broad = BROAD_NOTES.get(seg);
  if (broad) return { certainty: 'none', types: [], note: broad };
  const guess = seg.charAt(0).toLowerCase() + seg.slice(1);
  if (knownType(guess)) {
    return { certainty: 'name', types: [guess], note: `Matched by name only: the resource type ${guess} has the same name as the permission's resource segment ${seg}. Check the permissions reference.` };
  }
  return { certainty: 'none', types: [], note: `No resource type is mapped to ${seg} permissions yet: see the Microsoft Graph permissions reference.` };
}

export interface PropertyRow {
  name: string;
  /** `String`, `mediaConfig`, `Collection(callRoute)`. */
  type: string;
  description: string;
  /** The base type that declares it, when inherited (`entity`). */
  inheritedFrom?: string;
}

/** The Microsoft Graph v1.0 reference page of a resource type (`callRecords.callRecord` → `callrecords-callrecord`). */
export function graphReferenceUrl(shortName: string): string {
  return `https://learn.microsoft.com/graph/api/resources/${encodeURIComponent(shortName.toLowerCase().replace(/\./g, '-'))}?view=graph-rest-1.0`;
}

export interface ResourceTable {
  /** Short name (`call`). */
  name: string;
  description?: string;
  baseType?: string;
  properties: PropertyRow[];
}

/** `microsoft.graph.callRoute` → `callRoute`; `Edm.String` → `String`. */
export function shortTypeName(type: string): string {
  if (type.startsWith(NS)) return type.slice(NS.length);
  if (type.startsWith('Edm.')) return type.slice(4);
  return type;
}

function row(p: ResourcePropertyData, inheritedFrom?: string): PropertyRow {
  const t = shortTypeName(p.type);
  return { name: p.name, type: p.collection ? `Collection(${t})` : t, description: p.description ?? '', inheritedFrom };
}

/**
 * The property tables of data/resources.json for the detail page and `lookup`: a view on the same
 * ResourceModel the payload checks use (core/store/bundledData.ts parses the file once per host), or on a
 * store file's types (tests).
 */
export class ResourceIndex {
  private readonly typeOf: (fullName: string) => ResourceTypeData | undefined;
  readonly size: number;

  constructor(source: ResourceModel | ResourceStoreFile) {
    if (source instanceof ResourceModel) {
      this.typeOf = (n) => source.type(n);
      this.size = source.typeCount;
      return;
    }
    const types = new Map<string, ResourceTypeData>();
    for (const t of Array.isArray(source?.types) ? source.types : []) {
      if (t && typeof t.name === 'string' && Array.isArray(t.properties)) types.set(t.name, t);
    }
    this.typeOf = (n) => types.get(n);
    this.size = types.size;
  }

  /** Parses resources.json (validated as the payload checks validate it). Throws ResourceModelError. */
  static fromJson(text: string): ResourceIndex {
    return new ResourceIndex(ResourceModel.fromJson(text));
  }

  has(shortName: string): boolean {
    return this.typeOf(NS + shortName) !== undefined;
  }

  /**
   * The property table of a type in declared order, as the Graph reference lists it: the base
   * types' properties first (the root's first: `entity`'s `id` leads), then the type's own; a
   * property redeclared lower down keeps its place from the base. Cycle-safe.
   */
  table(shortName: string): ResourceTable | undefined {
    const t = this.typeOf(NS + shortName);
    if (!t) return undefined;
    const chain: ResourceTypeData[] = [t];
    const seen = new Set([t.name]);
    let base = t.baseType;
    while (base && !seen.has(base)) {
      seen.add(base);
      const b = this.typeOf(base);
      if (!b) break;
      chain.push(b);
      base = b.baseType;
    }
    const properties: PropertyRow[] = [];
    const names = new Set<string>();
    for (let i = chain.length - 1; i >= 0; i--) {
      const c = chain[i];
      for (const p of c.properties) {
        if (names.has(p.name)) continue;
        names.add(p.name);
        properties.push(row(p, i === 0 ? undefined : shortTypeName(c.name)));
      }
    }
    return { name: shortName, description: t.description, baseType: t.baseType && shortTypeName(t.baseType), properties };
  }

  /** The mapping and the tables for a permission. */
  resourcesOf(name: string, resourceAppId: string): { mapping: ResourceMapping; tables: ResourceTable[] } {
    const mapping = mapPermissionToResources(name, resourceAppId, (s) => this.has(s));
    const tables = mapping.types.map((s) => this.table(s)).filter((t): t is ResourceTable => !!t);
    return { mapping, tables };
  }
}
