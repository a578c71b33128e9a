// Graph resource payloads (src/core/payloads): model, detection, hovers, completion, rules.
import * as assert from 'assert';
import * as jsonc from 'jsonc-parser';
import * as fc from 'fast-check';
import * as path from 'path';
import { codeSpan, escapeMarkdown } from '../../src/core/text/markdown';
import {
  analyzePayloads,
  findPayloads,
  type LazyResourceModel,
  payloadCompletions,
  payloadDiagnostics,
  payloadHoverAt,
  PAYLOAD_RULES,
  runPayloadRules,
  typeLabel,
  type PayloadFormat,
  type ResourceModel,
} from '../../src/core/payloads';
import { graphPath, typeForPath, COLLECTION_TYPES } from '../../src/core/payloads/resourcePaths';
import { parseHttpFile } from '../../src/core/payloads/httpRequests';
import { tokenize, LiteralReader } from '../../src/core/payloads/tsReader';
import { applyEdits } from '../../src/core/rules/util';
import { hostBundledData } from '../../src/platform/node/data';
import { fixture, offsetOf, ROOT } from './helpers';

const CALL = 'microsoft.graph.call';
let lazy: LazyResourceModel;
let model: ResourceModel;

before(() => {
  lazy = hostBundledData(path.join(ROOT, 'data')).resources;
  assert.strictEqual(lazy.loaded, false, 'nothing loads before first use');
  model = lazy.get() as ResourceModel;
  assert.ok(model, `model failed to load: ${lazy.error?.message}`);
  console.log(`      resource model: ${model.typeCount} types loaded in ${lazy.loadMs} ms`);
});

function diags(text: string, fileName: string) {
  return payloadDiagnostics(text, fileName, model);
}

function codes(text: string, fileName: string): string[] {
  return diags(text, fileName).map((d) => `${d.code}:${text.slice(d.start, d.end)}`);
}

function hoverAt(text: string, format: PayloadFormat, needle: string, nth = 0): string | undefined {
  const typed = analyzePayloads(text, format, model);
  return payloadHoverAt(typed, offsetOf(text, needle, nth) + 1, model)?.markdown;
}

function complete(text: string, format: PayloadFormat, offset: number) {
  return payloadCompletions(text, offset, format, model, analyzePayloads(text, format, model));
}

const POST_CALL = 'POST https://graph.microsoft.com/v1.0/communications/calls\nContent-Type: application/json\n\n';

describe('resources: model', () => {
  it('loads lazily, once (its load time is reported by npm run bench)', () => {
    assert.strictEqual(lazy.get(), model);
    assert.ok(lazy.loaded && lazy.loadMs !== undefined);
    assert.ok(model.typeCount > 2000);
  });

  it('resolves inherited properties through the base-type chain (call.id comes from entity)', () => {
    assert.strictEqual(model.type(CALL)?.properties.some((p) => p.name === 'id'), false);
    const id = model.property(CALL, 'id');
    assert.strictEqual(id?.declaringType, 'microsoft.graph.entity');
    assert.strictEqual(id?.readOnly, true);
    assert.deepStrictEqual(model.chain('microsoft.graph.user').map((t) => t.name), ['microsoft.graph.user', 'microsoft.graph.directoryObject', 'microsoft.graph.entity']);
  });

  it('knows derived types for @odata.type', () => {
    assert.deepStrictEqual(model.derivedTypes('microsoft.graph.mediaConfig'), ['microsoft.graph.appHostedMediaConfig', 'microsoft.graph.serviceHostedMediaConfig']);
    assert.deepStrictEqual(model.derivedTypes('microsoft.graph.meetingInfo'), ['microsoft.graph.joinMeetingIdMeetingInfo', 'microsoft.graph.organizerMeetingInfo', 'microsoft.graph.tokenMeetingInfo']);
    assert.ok(model.isAssignableTo('microsoft.graph.user', 'microsoft.graph.entity'));
    assert.strictEqual(model.resolveTypeName('#microsoft.graph.call'), CALL);
    assert.strictEqual(model.resolveTypeName('#Microsoft.Graph.Call'), CALL);
  });

  it('derives "required on create" from the descriptions, not conditional sentences', () => {
    const req = [...model.properties('microsoft.graph.user').values()].filter((p) => p.requiredOnCreate).map((p) => p.name).sort();
    assert.deepStrictEqual(req, ['accountEnabled', 'displayName', 'mailNickname', 'passwordProfile', 'userPrincipalName']);
    assert.deepStrictEqual([...model.properties(CALL).values()].filter((p) => p.requiredOnCreate).map((p) => p.name), ['mediaConfig']);
  });

  it('maps every collection path of the table to a type the model knows', () => {
    for (const [p, t] of COLLECTION_TYPES) assert.ok(model.type(t), `${p} → ${t}`);
    assert.deepStrictEqual(typeForPath('communications/calls'), { type: CALL, target: 'collection', pattern: 'communications/calls' });
    assert.strictEqual(typeForPath('users/abc/messages')?.type, 'microsoft.graph.message');
    assert.strictEqual(typeForPath('users/abc')?.target, 'item');
    assert.strictEqual(typeForPath('teams/t1/channels/c1/messages')?.type, 'microsoft.graph.chatMessage');
    assert.strictEqual(graphPath('https://graph.microsoft.com/v1.0/me/events?$select=subject'), 'me/events');
    assert.strictEqual(graphPath('{{graph}}/communications/calls'), 'communications/calls');
    assert.strictEqual(graphPath('https://graph.microsoft.com/beta/users'), undefined);
    assert.strictEqual(graphPath('https://contoso.com/v1.0/users'), undefined);
  });
});

/**
 * Every property of the v1.0 call resource with its type and description as the Graph reference
 * (https://learn.microsoft.com/graph/api/resources/call) gives them; '' = no description in the
 * v1.0 typings. A change in the store fails here.
 */
const CALL_PROPERTIES: [name: string, type: string, description: string][] = [
  ['callbackUri', 'String', 'The callback URL on which callbacks are delivered. Must be an HTTPS URL.'],
  ['callChainId', 'String (nullable)', 'A unique identifier for all the participant calls in a conference or a unique identifier for two participant calls in a P2P call. This identifier must be copied over from Microsoft.Graph.Call.CallChainId.'],
  ['callOptions', 'callOptions (nullable)', 'Contains the optional features for the call.'],
  ['callRoutes', 'callRoute[] (nullable)', 'The routing information on how the call was retargeted. Read-only.'],
  ['chatInfo', 'chatInfo (nullable)', 'The chat information. Required information for joining a meeting.'],
  ['direction', 'callDirection (nullable)', 'The direction of the call. The possible values are incoming or outgoing. Read-only.'],
  ['incomingContext', 'incomingContext (nullable)', 'Call context associated with an incoming call.'],
  ['mediaConfig', 'mediaConfig (nullable)', 'The media configuration. Required.'],
  ['mediaState', 'callMediaState (nullable)', 'Read-only. The call media state.'],
  ['meetingInfo', 'meetingInfo (nullable)', 'The meeting information. Required information for meeting scenarios.'],
  ['myParticipantId', 'String (nullable)', ''],
  ['requestedModalities', 'modality[] (nullable)', 'The list of requested modalities. Possible values are: unknown, audio, video, videoBasedScreenSharing, data.'],
  ['resultInfo', 'resultInfo (nullable)', 'The result information. For example, the result can hold termination reason. Read-only.'],
  ['source', 'participantInfo (nullable)', 'The originator of the call.'],
  ['state', 'callState (nullable)', 'The call state. Possible values are: incoming, establishing, ringing, established, hold, transferring, transferAccepted, redirecting, terminating, terminated. Read-only.'],
  ['subject', 'String (nullable)', 'The subject of the conversation.'],
  ['targets', 'invitationParticipantInfo[] (nullable)', 'The targets of the call. Required information for creating peer to peer call.'],
  ['tenantId', 'String (nullable)', ''],
  ['toneInfo', 'toneInfo (nullable)', ''],
  ['transcription', 'callTranscriptionInfo (nullable)', 'The transcription information for the call. Read-only.'],
  ['audioRoutingGroups', 'audioRoutingGroup[] (nullable)', ''],
  ['contentSharingSessions', 'contentSharingSession[] (nullable)', ''],
  ['operations', 'commsOperation[] (nullable)', ''],
  ['participants', 'participant[] (nullable)', ''],
  ['id', 'String', 'The unique identifier for an entity. Read-only.'],
];

describe('resources: hover on every call property', () => {
  it('the pinned list is exactly the v1.0 call type (with inherited id)', () => {
    assert.deepStrictEqual(CALL_PROPERTIES.map((p) => p[0]).sort(), [...model.properties(CALL).keys()].sort());
  });

  for (const [name, type, description] of CALL_PROPERTIES) {
    it(`${name}: ${type}`, () => {
      const text = `${POST_CALL}{\n  "${name}": null\n}\n`;
      const md = hoverAt(text, 'http', `"${name}"`);
      assert.ok(md, `no hover on ${name}`);
      assert.ok(md.startsWith(`**${name}**: ${codeSpan(type)}`), md);
      if (description) assert.ok(md.includes(escapeMarkdown(description)), `${name}: description missing in\n${md}`);
      else assert.ok(md.includes('No description in the v1.0 metadata'), md);
      const info = model.property(CALL, name);
      assert.strictEqual(typeLabel(info!), type);
      if (info!.readOnly) assert.ok(md.includes('*Read-only*'), md);
      if (name === 'id') assert.ok(md.includes(`Inherited from ${codeSpan('entity')}`), md);
      else assert.ok(md.includes(`Property of ${codeSpan('call')}`), md);
    });
  }

  it('lists enum members and derived types', () => {
    const text = `${POST_CALL}{ "state": null, "mediaConfig": {}, "requestedModalities": [] }`;
    const state = hoverAt(text, 'http', '"state"') ?? '';
    assert.ok(state.includes('Values of `callState`: `incoming`, `establishing`'), state);
    assert.ok(state.includes('`terminated`'));
    const media = hoverAt(text, 'http', '"mediaConfig"') ?? '';
    assert.ok(media.includes('`appHostedMediaConfig`, `serviceHostedMediaConfig`'), media);
    assert.ok((hoverAt(text, 'http', '"requestedModalities"') ?? '').includes('`videoBasedScreenSharing`'));
  });

  it('hovers nested properties by their types (targets → invitationParticipantInfo, mediaConfig by @odata.type)', () => {
    const text = fixture('payloads', 'create-call.http');
    assert.ok(hoverAt(text, 'http', '"identity"')?.includes('Property of `invitationParticipantInfo`'));
    assert.ok(hoverAt(text, 'http', '"displayName"')?.includes('Property of `identity`'));
    assert.ok(hoverAt(text, 'http', '"isContentSharingNotificationEnabled"')?.includes('Inherited from `callOptions` (property of `outgoingCallOptions`)'));
    const json = fixture('payloads', 'call-fixture.json');
    assert.ok(hoverAt(json, 'json', '"blob"')?.includes('Property of `appHostedMediaConfig`'));
    assert.ok(hoverAt(json, 'json', '"organizer"')?.includes('Property of `organizerMeetingInfo`'));
    assert.ok(hoverAt(json, 'json', '"applicationInstance"')?.includes('Declared by `communicationsIdentitySet`'));
    const odata = hoverAt(json, 'json', '"#microsoft.graph.appHostedMediaConfig"');
    assert.ok(odata?.includes('Derives from `mediaConfig`'), odata);
  });

  it('hovers in TypeScript', () => {
    const text = fixture('payloads', 'call.ts');
    const md = hoverAt(text, 'ts', 'callbackUri');
    assert.ok(md?.includes('Must be an HTTPS URL'), md);
    assert.ok(hoverAt(text, 'ts', 'identity:')?.includes('Property of `invitationParticipantInfo`'));
    assert.ok(hoverAt(text, 'ts', "subject: 'not typed")?.includes('Property of `call`'), 'satisfies MicrosoftGraph.Call');
  });

  it('escapes metadata in hovers', () => {
    const md = hoverAt(`${POST_CALL}{ "callChainId": "" }`, 'http', '"callChainId"') ?? '';
    assert.ok(md.includes('Microsoft\\.Graph\\.Call\\.CallChainId'), md);
  });
});

describe('resources: payload detection', () => {
  const ts = (s: string) => findPayloads(s, 'ts', model).map((p) => `${p.type}/${p.operation}/${p.origin}`);
  const imp = "import { Call } from '@microsoft/microsoft-graph-types';\n";

  it('finds typed TS literals: annotation, satisfies, as, namespace import, arrays, global namespace', () => {
    assert.deepStrictEqual(ts(`${imp}const c: Call = { subject: 'x' };`), [`${CALL}/unknown/annotation`]);
    assert.deepStrictEqual(ts(`${imp}const c = { subject: 'x' } satisfies Call;`), [`${CALL}/unknown/annotation`]);
    assert.deepStrictEqual(ts(`${imp}f({ subject: 'x' } as Call);`), [`${CALL}/unknown/annotation`]);
    assert.deepStrictEqual(ts(`import * as MG from "@microsoft/microsoft-graph-types";\nlet u: MG.User = {};`), ['microsoft.graph.user/unknown/annotation']);
    assert.deepStrictEqual(ts(`import type { User as GraphUser } from '@microsoft/microsoft-graph-types';\nconst u: Partial<GraphUser>[] = [{}, {}];`), ['microsoft.graph.user/unknown/annotation']);
    assert.deepStrictEqual(ts(`const u: microsoftgraph.Message = {};`), ['microsoft.graph.message/unknown/annotation']);
    assert.deepStrictEqual(ts(`import { CallRecords } from '@microsoft/microsoft-graph-types';\nconst s: CallRecords.Session = {};`), ['microsoft.graph.callRecords.session/unknown/annotation']);
  });

  it('ignores same-named types that do not come from the Graph typings', () => {
    assert.deepStrictEqual(ts(`interface Call { subject: string }\nconst c: Call = { subject: 'x' };`), []);
    assert.deepStrictEqual(ts(`import { Call } from './model';\nconst c: Call = { subject: 'x' };`), []);
  });

  it('finds literals with @odata.type and Graph SDK calls, with their operation', () => {
    assert.deepStrictEqual(ts(`const c = { '@odata.type': '#microsoft.graph.call', subject: 'x' };`), [`${CALL}/unknown/odata-type`]);
    assert.deepStrictEqual(ts(`await client.api('/communications/calls').post({ subject: 'x' });`), [`${CALL}/create/sdk-call`]);
    assert.deepStrictEqual(ts(`await client.api('/users/abc').update({ jobTitle: 'x' });`), ['microsoft.graph.user/update/sdk-call']);
    assert.deepStrictEqual(ts(`${imp}const c: Call = {};\nawait client.api('/communications/calls').post(c);`), [`${CALL}/create/annotation`]);
    assert.deepStrictEqual(ts(`await client.api('/me/sendMail').post({ message: {} });`), []);
  });

  it('reads .http requests: type from the request line or @odata.type; beta and GET skipped', () => {
    const reqs = parseHttpFile(fixture('payloads', 'create-call.http'));
    assert.deepStrictEqual(reqs.map((r) => `${r.method} ${r.url} ${!!r.body}`), [
      'POST https://graph.microsoft.com/v1.0/communications/calls true',
      'POST {{graph}}/communications/calls true',
      'GET https://graph.microsoft.com/v1.0/communications/calls/{{callId}} false',
    ]);
    assert.deepStrictEqual(findPayloads(fixture('payloads', 'user.http'), 'http', model).map((p) => `${p.type}/${p.operation}`), ['microsoft.graph.user/create', 'microsoft.graph.user/update']);
    assert.deepStrictEqual(findPayloads('POST https://graph.microsoft.com/v1.0/me/sendMail\n\n{"message": {"@odata.type": "#microsoft.graph.message", "subject": "x"}}', 'http', model).map((p) => `${p.type}/${p.operation}/${p.origin}`), ['microsoft.graph.message/unknown/odata-type']);
  });

  it('JSON: outermost objects with a known @odata.type only', () => {
    assert.deepStrictEqual(findPayloads('{"value": [{"@odata.type": "#microsoft.graph.user"}, {"@odata.type": "#microsoft.graph.group"}]}', 'json', model).map((p) => p.type), ['microsoft.graph.user', 'microsoft.graph.group']);
    assert.deepStrictEqual(findPayloads('{"requiredResourceAccess": []}', 'json', model), []);
    assert.deepStrictEqual(findPayloads('{"@odata.type": "#microsoft.graph.notAType"}', 'json', model), []);
  });
});

describe('resources: TS/JS tokenizer and literal reader', () => {
  it('skips comments, strings, templates with substitutions and regex literals', () => {
    const text = "const a = /{'x'/g; // {\nconst b = `a ${ { c: '}' } } b`; /* { */ const c = { k: 'v', \"q\": [1, -2, true, null], s, m() { return { z: 1 }; }, ...rest };";
    const toks = tokenize(text);
    assert.ok(toks.some((t) => t.kind === 'regex' && t.value === "/{'x'/g"));
    assert.ok(toks.some((t) => t.kind === 'template' && t.hasSubstitutions));
    const open = toks.findIndex((t, i) => t.value === '{' && toks[i - 1]?.value === '=' && toks[i - 2]?.value === 'c');
    const { node } = new LiteralReader(toks, text.length).readObject(open);
    assert.deepStrictEqual(node.props.map((p) => p.name), ['k', 'q', 's', 'm']);
    assert.strictEqual(node.hasSpread, true);
    const q = node.props[1].value;
    assert.ok(q?.kind === 'array');
    assert.deepStrictEqual(q.items.map((i) => (i.kind === 'other' ? 'other' : (i as { value: unknown }).value)), [1, -2, true, null]);
    assert.strictEqual(node.props[2].shorthand, true);
    assert.strictEqual(node.props[3].method, true);
  });

  it('never throws and always ends, on any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const text = `import { Call } from '@microsoft/microsoft-graph-types';\nconst c: Call = {${s}`;
        findPayloads(text, 'ts', model);
        runPayloadRules(text, 'ts', 'x.ts', model);
        const t = analyzePayloads(text, 'ts', model);
        for (let o = 0; o <= text.length; o += 7) payloadCompletions(text, o, 'ts', model, t);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const text = `${POST_CALL}{${s}`;
        runPayloadRules(text, 'http', 'x.http', model);
        const t = analyzePayloads(text, 'http', model);
        for (let o = 0; o <= text.length; o += 5) payloadCompletions(text, o, 'http', model, t);
      }),
      { numRuns: 300 },
    );
  });
});

describe('resources: completion', () => {
  it('offers missing call properties in a POST body, required first, read-only last, with docs', () => {
    const text = `${POST_CALL}{\n  "callbackUri": "https://bot.contoso.com/callback",\n  \n}`;
    const res = complete(text, 'http', offsetOf(text, '\n  \n') + 3);
    assert.ok(res);
    const labels = res.items.map((i) => i.label);
    assert.ok(labels.includes('mediaConfig'));
    assert.ok(!labels.includes('callbackUri'), 'present properties are not offered');
    const sorted = [...res.items].sort((a, b) => (a.sortText < b.sortText ? -1 : 1)).map((i) => i.label);
    assert.strictEqual(sorted[0], 'mediaConfig');
    assert.ok(sorted.indexOf('targets') < sorted.indexOf('subject'));
    assert.ok(sorted.indexOf('state') > sorted.indexOf('subject'), 'read-only last in a create payload');
    const media = res.items.find((i) => i.label === 'mediaConfig')!;
    assert.strictEqual(media.insertText, '"mediaConfig": { "@odata.type": "${1|#microsoft.graph.mediaConfig,#microsoft.graph.appHostedMediaConfig,#microsoft.graph.serviceHostedMediaConfig|}"$0 }');
    assert.ok(media.documentation?.includes('The media configuration'));
    assert.ok(media.detail?.includes('required'));
  });

  it('completes a partly typed key', () => {
    const text = `${POST_CALL}{ "medi" }`;
    const res = complete(text, 'http', offsetOf(text, 'medi') + 4)!;
    assert.ok(res.items.some((i) => i.label === 'mediaConfig' && i.insertText.startsWith('"mediaConfig": ')));
    assert.strictEqual(text.slice(res.replaceStart, res.replaceEnd), '"medi"');
  });

  it('a property accepted in the middle of an object leaves valid JSON (comma before the next property; enum snippets too)', () => {
    // Snippet placeholders resolved to their first choice or default, as accepting them does.
    const expand = (snippet: string): string => snippet.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
    const cases: [string, string, string][] = [
      [`${POST_CALL}{\n  "sub"\n  "callbackUri": "https://x"\n}`, '"sub"', 'subject'],
      [`${POST_CALL}{\n  "sta"\n  "callbackUri": "https://x"\n}`, '"sta"', 'state'],
      [`${POST_CALL}{\n  "sub" /* note */ "callbackUri": "https://x"\n}`, '"sub"', 'subject'],
      [`${POST_CALL}{\n  "callbackUri": "https://x",\n  "sub"\n}`, '"sub"', 'subject'],
      [`${POST_CALL}{\n  "callbackUri": "https://x",\n  su\n  "direction": "incoming"\n}`, 'su\n', 'subject'],
    ];
    for (const [text, needle, label] of cases) {
      const res = complete(text, 'http', offsetOf(text, needle) + 2)!;
      const item = res.items.find((i) => i.label === label);
      assert.ok(item, `${label} offered in ${JSON.stringify(text)}`);
      const out = text.slice(0, res.replaceStart) + expand(item.insertText) + text.slice(res.replaceEnd);
      const errors: jsonc.ParseError[] = [];
      jsonc.parse(out.slice(POST_CALL.length), errors, { allowTrailingComma: false });
      assert.deepStrictEqual(errors, [], `valid JSON after accepting ${label}: ${out.slice(POST_CALL.length)}`);
    }
    const odata = complete(cases[0][0], 'http', offsetOf(cases[0][0], '"sub"') + 2)!.items.find((i) => i.label === '@odata.type')!;
    assert.match(odata.insertText, /,$/);
  });

  it('offers enum values (state, direction, requestedModalities items)', () => {
    const text = `${POST_CALL}{ "state": "", "requestedModalities": ["", ] }`;
    const st = complete(text, 'http', offsetOf(text, '""') + 1)!;
    assert.deepStrictEqual(st.items.map((i) => i.label).slice(0, 3), ['incoming', 'establishing', 'established']);
    assert.strictEqual(st.items[0].insertText, '"incoming"');
    const rm = complete(text, 'http', offsetOf(text, '""', 1) + 1)!;
    assert.ok(rm.items.some((i) => i.label === 'videoBasedScreenSharing'));
    const gap = complete(text, 'http', offsetOf(text, ', ]') + 2)!;
    assert.ok(gap.items.some((i) => i.label === 'audio'));
  });

  it('offers the @odata.type values valid at the position', () => {
    const text = `${POST_CALL}{ "mediaConfig": { "@odata.type": "" }, "meetingInfo": { "@odata.type": "" } }`;
    const m = complete(text, 'http', offsetOf(text, '""') + 1)!;
    assert.deepStrictEqual(m.items.map((i) => i.label), ['#microsoft.graph.mediaConfig', '#microsoft.graph.appHostedMediaConfig', '#microsoft.graph.serviceHostedMediaConfig']);
    const mi = complete(text, 'http', offsetOf(text, '""', 1) + 1)!;
    assert.ok(mi.items.some((i) => i.label === '#microsoft.graph.joinMeetingIdMeetingInfo'));
    assert.ok(mi.items.some((i) => i.label === '#microsoft.graph.organizerMeetingInfo'));
  });

  it('completes in TypeScript with TS syntax', () => {
    const text = "import type { Call } from '@microsoft/microsoft-graph-types';\nconst c: Call = {\n  subject: 'x',\n  \n};\n";
    const res = complete(text, 'ts', offsetOf(text, '\n  \n') + 3)!;
    const item = res.items.find((i) => i.label === 'callbackUri')!;
    assert.strictEqual(item.insertText, "callbackUri: '$1'");
    const st = complete(text.replace("subject: 'x'", "state: ''"), 'ts', offsetOf(text, "subject: '") + 8)!;
    assert.ok(st.items.some((i) => i.insertText === "'established'"));
  });
});

describe('resources: rules', () => {
  it('has documented rules with unique ids', () => {
    assert.strictEqual(new Set(PAYLOAD_RULES.map((r) => r.id)).size, PAYLOAD_RULES.length);
    for (const r of PAYLOAD_RULES) assert.ok(r.doc.summary && r.doc.help && r.doc.example, r.id);
  });

  it('reports the create-call fixture', () => {
    const text = fixture('payloads', 'create-call.http');
    assert.deepStrictEqual(codes(text, 'create-call.http'), [
      'missing-required-property:{',
      'non-https-url:"http://bot.contoso.com/callback"',
      'read-only-property:"state"',
      'unknown-property:"subjet"',
      'unknown-enum-value:"Video"',
    ]);
  });

  it('read-only: state, direction, id, resultInfo, callRoutes, mediaState in a POST body; fix removes them', () => {
    const body = '{\n  "id": "x",\n  "state": "established",\n  "direction": "outgoing",\n  "resultInfo": {},\n  "callRoutes": [],\n  "mediaState": {},\n  "mediaConfig": {},\n  "targets": []\n}';
    const text = POST_CALL + body;
    const ro = diags(text, 'a.http').filter((d) => d.code === 'read-only-property');
    assert.deepStrictEqual(ro.map((d) => text.slice(d.start, d.end)), ['"id"', '"state"', '"direction"', '"resultInfo"', '"callRoutes"', '"mediaState"']);
    assert.ok(ro[0].message.includes('inherited from entity'));
    let fixed = text;
    for (const d of [...ro].reverse()) fixed = applyEdits(fixed, d.fixes[0].edits);
    assert.strictEqual(fixed, POST_CALL + '{\n  "mediaConfig": {},\n  "targets": []\n}');
    // Not a create payload: a JSON fixture (e.g. a recorded response) may hold read-only values.
    assert.deepStrictEqual(codes(`{"@odata.type": "#microsoft.graph.call", ${body.slice(1)}`, 'call.json'), []);
  });

  it('required: mediaConfig, and targets or meetingInfo/chatInfo — only on create, quiet when a scenario is given', () => {
    const none = diags(`${POST_CALL}{ "callbackUri": "https://a.b/c" }`, 'a.http').filter((d) => d.code === 'missing-required-property');
    assert.strictEqual(none.length, 2);
    assert.ok(none[0].message.includes("'mediaConfig'"));
    assert.ok(none[1].message.includes("'chatInfo', 'meetingInfo' or 'targets'"));
    const fixed = applyEdits(`${POST_CALL}{ "callbackUri": "https://a.b/c" }`, none[0].fixes[0].edits);
    assert.ok(fixed.endsWith('{ "mediaConfig": {}, "callbackUri": "https://a.b/c" }'), fixed);
    assert.deepStrictEqual(codes(`${POST_CALL}{ "mediaConfig": {}, "meetingInfo": {}, "chatInfo": {} }`, 'a.http'), []);
    assert.deepStrictEqual(codes(`PATCH https://graph.microsoft.com/v1.0/communications/calls/1\n\n{ "subject": "x" }`, 'a.http'), []);
    assert.deepStrictEqual(codes("import type { Call } from '@microsoft/microsoft-graph-types';\nconst c: Call = { ...base };\nclient.api('/communications/calls').post(c);", 'a.ts'), []);
  });

  it('wrong shape and unknown enum values', () => {
    const text = `${POST_CALL}{ "mediaConfig": {}, "targets": {}, "requestedModalities": "audio", "subject": 3, "callOptions": "x", "direction": "up", "state": null }`;
    const d = diags(text, 'a.http').filter((x) => x.code === 'wrong-value-type' || x.code === 'unknown-enum-value');
    assert.deepStrictEqual(d.map((x) => `${x.code}:${text.slice(x.start, x.end)}`), [
      'wrong-value-type:{}',
      'wrong-value-type:"audio"',
      'wrong-value-type:3',
      'wrong-value-type:"x"',
      'unknown-enum-value:"up"',
    ]);
    assert.strictEqual(d[1].message, "'requestedModalities' must be an array (modality[]), not a string.");
    assert.ok(applyEdits(text, d[1].fixes[0].edits).includes('"requestedModalities": ["audio"]'));
    assert.deepStrictEqual(codes(`${POST_CALL}{ "mediaConfig": {}, "targets": [], "requestedModalities": ["audio,video"] }`, 'a.http'), []);
  });

  it('invalid @odata.type inside a payload', () => {
    const text = `${POST_CALL}{ "targets": [], "mediaConfig": { "@odata.type": "#microsoft.graph.serviceHostedMediaConfg" }, "source": { "@odata.type": "#microsoft.graph.user" } }`;
    const d = diags(text, 'a.http').filter((x) => x.code === 'invalid-odata-type');
    assert.strictEqual(d.length, 2);
    assert.ok(d[0].message.includes("Did you mean '#microsoft.graph.serviceHostedMediaConfig'?"), d[0].message);
    assert.ok(applyEdits(text, d[0].fixes[0].edits).includes('"#microsoft.graph.serviceHostedMediaConfig"'));
    assert.ok(d[1].message.includes('is not participantInfo'), d[1].message);
  });

  it('callbackUri must be an absolute HTTPS URL', () => {
    const c = (v: string) => codes(`${POST_CALL}{ "mediaConfig": {}, "targets": [], "callbackUri": ${JSON.stringify(v)} }`, 'a.http');
    assert.deepStrictEqual(c('https://bot.contoso.com/api/callback'), []);
    assert.deepStrictEqual(c('{{callbackUri}}'), []);
    assert.deepStrictEqual(c('http://bot.contoso.com/cb'), ['non-https-url:"http://bot.contoso.com/cb"']);
    assert.deepStrictEqual(c('/api/callback'), ['non-https-url:"/api/callback"']);
    const d = diags(`${POST_CALL}{ "mediaConfig": {}, "targets": [], "callbackUri": "http://a.b/c" }`, 'a.http')[0];
    assert.ok(applyEdits(`${POST_CALL}{ "mediaConfig": {}, "targets": [], "callbackUri": "http://a.b/c" }`, d.fixes[0].edits).includes('"https://a.b/c"'));
    // Generic: subscription.notificationUrl says "must make use of the HTTPS protocol".
    assert.deepStrictEqual(codes('POST https://graph.microsoft.com/v1.0/subscriptions\n\n{"notificationUrl": "http://x.y/n", "changeType": "created", "resource": "me/messages", "expirationDateTime": "2030-01-01T00:00:00Z"}', 'a.http').filter((x) => x.startsWith('non-https')), ['non-https-url:"http://x.y/n"']);
  });

  it('unknown properties with did-you-mean; annotations and derived-type properties are fine', () => {
    const text = `${POST_CALL}{ "mediaConfig": {}, "targets": [], "CallbackUri": "https://a.b", "members@odata.bind": [], "source": { "identity": { "applicationInstance": {} } } }`;
    const d = diags(text, 'a.http');
    assert.deepStrictEqual(d.map((x) => `${x.code}:${text.slice(x.start, x.end)}`), ['unknown-property:"CallbackUri"']);
    assert.ok(d[0].message.includes("Did you mean 'callbackUri'?"));
    assert.ok(applyEdits(text, d[0].fixes[0].edits).includes('"callbackUri": "https://a.b"'));
  });

  it('the JSON fixture and the TypeScript fixture', () => {
    assert.deepStrictEqual(codes(fixture('payloads', 'call-fixture.json'), 'call-fixture.json'), ['unknown-enum-value:"sideways"', 'wrong-value-type:"audio"']);
    assert.deepStrictEqual(codes(fixture('payloads', 'call.ts'), 'call.ts'), ["read-only-property:direction", "unknown-enum-value:'vidoe'", "unknown-enum-value:'whatever'"]);
  });

  it('severity overrides and off', () => {
    const text = fixture('payloads', 'create-call.http');
    const r = runPayloadRules(text, 'http', 'x.http', model, { overrides: { 'read-only-property': 'error', 'unknown-property': 'off' } });
    assert.strictEqual(r.diagnostics.find((d) => d.code === 'read-only-property')?.severity, 'error');
    assert.ok(!r.diagnostics.some((d) => d.code === 'unknown-property'));
  });
});

describe('resources: a second resource (user)', () => {
  const text = fixture('payloads', 'user.http');

  it('hover', () => {
    const md = hoverAt(text, 'http', '"displayName"') ?? '';
    assert.ok(md.startsWith('**displayName**: `String (nullable)`'), md);
    assert.ok(md.includes('*Required on create*'), md);
    assert.ok(hoverAt(text, 'http', '"createdDateTime"')?.includes('*Read-only*'));
  });

  it('completion offers the other required properties first', () => {
    const t = 'POST https://graph.microsoft.com/v1.0/users\n\n{\n  "displayName": "A",\n  \n}';
    const res = complete(t, 'http', offsetOf(t, '\n  \n') + 3)!;
    const sorted = [...res.items].sort((a, b) => (a.sortText < b.sortText ? -1 : 1)).map((i) => i.label);
    assert.deepStrictEqual(sorted.slice(0, 4), ['accountEnabled', 'mailNickname', 'passwordProfile', 'userPrincipalName']);
  });

  it('checks', () => {
    assert.deepStrictEqual(codes(text, 'user.http'), [
      'missing-required-property:{',
      'missing-required-property:{',
      'read-only-property:"createdDateTime"',
      'unknown-property:"jobTitel"',
      'wrong-value-type:"+1 425 555 0109"',
    ]);
    const d = diags(text, 'user.http');
    assert.ok(d[0].message.includes("'mailNickname'"));
    assert.ok(d[1].message.includes("'passwordProfile'"));
  });
});
