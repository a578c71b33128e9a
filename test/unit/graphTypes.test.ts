import * as assert from 'assert';
import { extractGraphTypes, isReadOnlyDescription, lowerFirst, requiredInfo } from '../../scripts/store/graphTypes';

/** A small stand-in for microsoft-graph.d.ts with the same shapes (the real file is not needed here). */
const DTS = `// Type definitions for non-npm package microsoft-graph 2.0
// Project: https://github.com/microsoftgraph/msgraph-typescript-typings

export as namespace microsoftgraph;

export type NullableOption<T> = T | null;

export type CallState =
    | "incoming"
    | "establishing"
    | "terminated"
    | "unknownFutureValue";
export type Modality = "audio" | "video" | "unknownFutureValue";
export type AuditLogRecordType = undefined;
export type NotAnEnum = string | number;
export interface Entity {
    // The unique identifier for an entity. Read-only.
    id?: string;
}
export interface Call extends Entity {
    // The callback URL on which callbacks are delivered. Must be an HTTPS URL.
    callbackUri?: string;
    // The chat information. Required information for joining a meeting.
    chatInfo?: NullableOption<ChatInfo>;
    // The media configuration. Required.
    mediaConfig?: NullableOption<MediaConfig>;
    // The list of requested modalities.
    requestedModalities?: NullableOption<Modality[]>;
    /**
     * The call state. Possible values are: incoming,
     * establishing. Read-only.
     */
    state?: NullableOption<CallState>;
    tenantId?: NullableOption<string>;
    isTest?: boolean;
    count?: number;
    content?: NullableOption<any>;
    records?: CallRecords.CallRecord[];
    alerts?: NullableOption<SecurityNamespace.Alert[]>;
}
// The chat information.
export interface ChatInfo {
    // The unique identifier of a message. This value is not read-only.
    messageId?: NullableOption<string>;
}
// tslint:disable-next-line: no-empty-interface
export interface MediaConfig {}
export interface AppHostedMediaConfig extends MediaConfig {
    // The media configuration blob. Read-only when the call is active.
    blob?: NullableOption<string>;
}
export interface IPv4Range {
    lowerAddress?: string;
}
export namespace CallRecords {
    type Modality = "audio" | "data";
    interface CallRecord extends microsoftgraph.Entity {
        // List of sessions involved in the call. Read-Only. Nullable.
        sessions?: NullableOption<Session[]>;
        modalities?: Modality[];
        organizer?: NullableOption<Entity>;
    }
    interface Session extends Entity {
        callee?: NullableOption<CallRecords.Endpoint>;
    }
    interface Endpoint {
        userAgent?: NullableOption<string>;
    }
}
export namespace SecurityNamespace {
    interface Alert extends microsoftgraph.Entity {
        // The display name. Required when you create an alert.
        title?: string;
    }
}
export namespace Partners.Billing {
    interface Billing extends microsoftgraph.Entity {
        usage?: AzureUsage;
    }
    interface AzureUsage extends microsoftgraph.Entity {}
}
`;

const G = 'microsoft.graph';

function prop(
  name: string,
  type: string,
  extra: { collection?: boolean; nullable?: boolean; description?: string; readOnly?: boolean; required?: boolean; requiredWhen?: string } = {},
) {
  const p: Record<string, unknown> = {
    name,
    type,
    collection: extra.collection ?? false,
    nullable: extra.nullable ?? false,
  };
  if (extra.description !== undefined) p.description = extra.description;
  p.readOnly = extra.readOnly ?? false;
  p.required = extra.required ?? false;
  if (extra.requiredWhen !== undefined) p.requiredWhen = extra.requiredWhen;
  return p;
}

describe('extractGraphTypes', () => {
  const result = extractGraphTypes(DTS);

  it('extracts string-literal unions as enums, sorted, members in source order', () => {
    assert.deepStrictEqual(result.enums, [
      { name: `${G}.callRecords.modality`, members: ['audio', 'data'] },
      { name: `${G}.callState`, members: ['incoming', 'establishing', 'terminated', 'unknownFutureValue'] },
      { name: `${G}.modality`, members: ['audio', 'video', 'unknownFutureValue'] },
    ]);
  });

  it('extracts interfaces with exact properties, kinds and base types', () => {
    assert.deepStrictEqual(result.types, [
      {
        name: `${G}.appHostedMediaConfig`,
        kind: 'complex',
        baseType: `${G}.mediaConfig`,
        properties: [
          prop('blob', 'Edm.String', {
            nullable: true,
            description: 'The media configuration blob. Read-only when the call is active.',
          }),
        ],
      },
      {
        name: `${G}.call`,
        kind: 'entity',
        baseType: `${G}.entity`,
        properties: [
          prop('callbackUri', 'Edm.String', {
            description: 'The callback URL on which callbacks are delivered. Must be an HTTPS URL.',
          }),
          prop('chatInfo', `${G}.chatInfo`, {
            nullable: true,
            description: 'The chat information. Required information for joining a meeting.',
            requiredWhen: 'Required information for joining a meeting.',
          }),
          prop('mediaConfig', `${G}.mediaConfig`, {
            nullable: true,
            description: 'The media configuration. Required.',
            required: true,
          }),
          prop('requestedModalities', `${G}.modality`, {
            collection: true,
            nullable: true,
            description: 'The list of requested modalities.',
          }),
          prop('state', `${G}.callState`, {
            nullable: true,
            description: 'The call state. Possible values are: incoming, establishing. Read-only.',
            readOnly: true,
          }),
          prop('tenantId', 'Edm.String', { nullable: true }),
          prop('isTest', 'Edm.Boolean'),
          prop('count', 'Edm.Number'),
          prop('content', 'Edm.Untyped', { nullable: true }),
          prop('records', `${G}.callRecords.callRecord`, { collection: true }),
          prop('alerts', `${G}.security.alert`, { collection: true, nullable: true }),
        ],
      },
      {
        name: `${G}.callRecords.callRecord`,
        kind: 'entity',
        baseType: `${G}.entity`,
        properties: [
          prop('sessions', `${G}.callRecords.session`, {
            collection: true,
            nullable: true,
            description: 'List of sessions involved in the call. Read-Only. Nullable.',
            readOnly: true,
          }),
          prop('modalities', `${G}.callRecords.modality`, { collection: true }),
          prop('organizer', `${G}.entity`, { nullable: true }),
        ],
      },
      {
        name: `${G}.callRecords.endpoint`,
        kind: 'complex',
        properties: [prop('userAgent', 'Edm.String', { nullable: true })],
      },
      {
        name: `${G}.callRecords.session`,
        kind: 'entity',
        baseType: `${G}.entity`,
        properties: [prop('callee', `${G}.callRecords.endpoint`, { nullable: true })],
      },
      {
        name: `${G}.chatInfo`,
        kind: 'complex',
        description: 'The chat information.',
        properties: [
          prop('messageId', 'Edm.String', {
            nullable: true,
            description: 'The unique identifier of a message. This value is not read-only.',
          }),
        ],
      },
      {
        name: `${G}.entity`,
        kind: 'entity',
        properties: [
          prop('id', 'Edm.String', { description: 'The unique identifier for an entity. Read-only.', readOnly: true }),
        ],
      },
      { name: `${G}.iPv4Range`, kind: 'complex', properties: [prop('lowerAddress', 'Edm.String')] },
      { name: `${G}.mediaConfig`, kind: 'complex', properties: [] },
      { name: `${G}.partners.billing.azureUsage`, kind: 'entity', baseType: `${G}.entity`, properties: [] },
      {
        name: `${G}.partners.billing.billing`,
        kind: 'entity',
        baseType: `${G}.entity`,
        properties: [prop('usage', `${G}.partners.billing.azureUsage`)],
      },
      {
        name: `${G}.security.alert`,
        kind: 'entity',
        baseType: `${G}.entity`,
        properties: [
          prop('title', 'Edm.String', {
            description: 'The display name. Required when you create an alert.',
            requiredWhen: 'Required when you create an alert.',
          }),
        ],
      },
    ]);
  });

  it('is deterministic', () => {
    assert.strictEqual(JSON.stringify(extractGraphTypes(DTS)), JSON.stringify(result));
  });

  it('never throws on odd input', () => {
    for (const input of ['', 'export interface {', 'export type X = | ;', '}}}{{{', 'namespace A.B { interface C extends ', undefined as unknown as string]) {
      const r = extractGraphTypes(input);
      assert.ok(Array.isArray(r.types) && Array.isArray(r.enums));
    }
    const partial = extractGraphTypes('export interface Foo { bar?: Missing; baz?: string[] }');
    assert.deepStrictEqual(partial.types, [
      {
        name: `${G}.foo`,
        kind: 'complex',
        properties: [prop('bar', 'Edm.Untyped'), prop('baz', 'Edm.String', { collection: true })],
      },
    ]);
  });
});

describe('graphTypes description rules', () => {
  it('lower-cases only the first character', () => {
    assert.strictEqual(lowerFirst('OAuth2PermissionGrant'), 'oAuth2PermissionGrant');
    assert.strictEqual(lowerFirst('MediaConfig'), 'mediaConfig');
  });

  it('recognises read-only variants and avoids false positives', () => {
    for (const d of [
      'The routing information. Read-only.',
      'Read-only. The call media state.',
      'The name. Read only.',
      'Timestamp 2014-01-01T00:00:00Z Readonly.',
      'A list of checks. Read-Only.',
      'Root domain. Read-only, Nullable.',
      'Serial number. This property is read-only.',
      'Read-only value indicating the version.',
      'Indicates whether the item is \'trending.\' Read-only.',
    ]) {
      assert.strictEqual(isReadOnlyDescription(d), true, d);
    }
    for (const d of [
      'The callback URL on which callbacks are delivered. Must be an HTTPS URL.',
      'This value is not read-only.',
      'Whether this team is in read-only mode.',
      'The display name. Read-only when isBuiltIn is true.',
      'Read-only for users synced from the on-premises directory.',
      'Possible values are: ReadWrite, ReadOnly, Immutable.',
      'Indicates if the rule is read-only and cannot be modified.',
      undefined,
    ]) {
      assert.strictEqual(isReadOnlyDescription(d), false, String(d));
    }
  });

  it('separates unconditional and conditional requirements', () => {
    assert.deepStrictEqual(requiredInfo('The media configuration. Required.'), { required: true });
    assert.deepStrictEqual(requiredInfo('Name of the vendor. Required'), { required: true });
    assert.deepStrictEqual(requiredInfo('A unique string. Required.Supports $filter(eq).'), { required: true });
    assert.deepStrictEqual(requiredInfo('The meeting information. Required information for meeting scenarios.'), {
      required: false,
      requiredWhen: 'Required information for meeting scenarios.',
    });
    assert.deepStrictEqual(requiredInfo('The password. This property is required when a user is created. It can be updated.'), {
      required: false,
      requiredWhen: 'This property is required when a user is created.',
    });
    assert.deepStrictEqual(requiredInfo('Required format: admin@contoso.com. Optional.'), { required: false });
    assert.deepStrictEqual(requiredInfo('Reboot is not required.'), { required: false });
    assert.deepStrictEqual(requiredInfo('The minimum CPU speed which is required to install this app.'), { required: false });
  });
});
