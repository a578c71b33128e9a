/**
 * The least-privilege report page's panel (src/vscode/reportPanel.ts) outside VS Code, with a
 * stand-in for the `vscode` module and for the host's least privilege: the page follows results
 * that change while it is being analysed. (What a real VS Code shows is
 * test/integration/leastPrivilegeReport.test.ts.)
 */
import * as assert from 'assert';
import type { LeastPrivilegeReportModel } from '../../src/core/service/leastPrivilegeReport';
import type { LeastPrivilegeAnalysis } from '../../src/vscode/leastPrivilegeAnalysis';
import type { Services } from '../../src/vscode/services';
import { EventEmitter, withVscode } from './vscodeStandIn';

interface Uri {
  path: string;
  toString(): string;
}
const uri = (s: string): Uri => ({ path: s.replace(/^[a-z-]+:\/\//, ''), toString: () => s });

/** What the panel did in the stand-in VS Code. */
interface World {
  /** Every HTML the page got. */
  pages: string[];
  /** Status lines posted to the page. */
  statuses: string[];
  /** Edits applied (their text). */
  applied: string[];
}

function standIn(w: World): Record<string, unknown> {
  const webview = {
    cspSource: 'vscode-resource:',
    set html(h: string) {
      w.pages.push(h);
    },
    get html(): string {
      return w.pages[w.pages.length - 1] ?? '';
    },
    asWebviewUri: (u: Uri) => u,
    postMessage: async (m: { type: string; text: string }) => void (m.type === 'status' && w.statuses.push(m.text)),
    onDidReceiveMessage: () => ({ dispose: () => undefined }),
  };
  const panel = { webview, iconPath: undefined, reveal: () => undefined, onDidDispose: () => ({ dispose: () => undefined }), dispose: () => undefined };
  return {
    Uri: { parse: uri, joinPath: (u: Uri, ...p: string[]) => uri([u.toString(), ...p].join('/')) },
    ViewColumn: { Active: -1, Beside: -2 },
    ProgressLocation: { Window: 10 },
    Range: class {},
    window: {
      createWebviewPanel: () => panel,
      withProgress: (_o: unknown, task: () => Promise<unknown>) => task(),
      showTextDocument: async () => undefined,
    },
    workspace: {
      openTextDocument: async (u: Uri) => ({ uri: u, getText: () => '' }),
      applyEdit: async (e: { text: string }) => {
        w.applied.push(e.text);
        return true;
      },
    },
  };
}

/** A model of one folder with one app of this name (least privilege off for its manifest: no findings). */
function modelNamed(name: string): LeastPrivilegeReportModel {
  return { folders: [{ uri: 'file:///ws', name: 'ws', apps: [{ name, excluded: ['app.json'], findings: [] }] }], markdown: `# ${name}\n` };
}

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function waitFor(what: string, done: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const poll = (): void => (done() ? resolve() : Date.now() > deadline ? reject(new Error(`timed out waiting for ${what}`)) : void setTimeout(poll, 10));
    poll();
  });
}

/** A panel over a stand-in analysis whose `report` calls answer from `answer` (in call order). */
function start(answer: (refresh: boolean, call: number) => Promise<LeastPrivilegeReportModel | undefined>, fix: LeastPrivilegeAnalysis['fix'] = async () => 'changed') {
  const w: World = { pages: [], statuses: [], applied: [] };
  const changed = new EventEmitter<void>();
  const calls: boolean[] = [];
  const analysis: LeastPrivilegeAnalysis = {
    report: (refresh) => {
      calls.push(refresh);
      return answer(refresh, calls.length);
    },
    fix,
    onDidChange: changed.event,
  };
  const services = { context: { extensionUri: uri('file:///ext') }, log: { info: () => undefined, warn: () => undefined, error: () => undefined } } as unknown as Services;
  delete require.cache[require.resolve('../../src/vscode/reportPanel')];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = withVscode(standIn(w), () => require('../../src/vscode/reportPanel') as typeof import('../../src/vscode/reportPanel'));
  return { w, changed, calls, panel: new mod.ReportPanel(services, analysis) };
}

const titleOf = (html: string): string | undefined => /<section[^>]*>\s*<h2[^>]*>([^<]*)</.exec(html)?.[1];

describe('the least-privilege report panel (vscode stand-in)', () => {
  it('shows the results that changed while a refresh ran, once the refresh ends', async () => {
    const refreshing = deferred<LeastPrivilegeReportModel>();
    const t = start((refresh, call) => (call === 1 ? Promise.resolve(modelNamed('first')) : refresh ? refreshing.promise : Promise.resolve(modelNamed('newest'))));
    await t.panel.show();
    assert.deepStrictEqual(t.w.pages.map(titleOf), ['first']);
    const refreshed = t.panel.receive({ type: 'refresh' });
    // A folder's results change while the refresh runs (a save): the model it returns is older.
    t.changed.fire();
    refreshing.resolve(modelNamed('refreshed'));
    await refreshed;
    await waitFor('the page showing the newest results', () => titleOf(t.w.pages[t.w.pages.length - 1]) === 'newest');
    assert.deepStrictEqual(t.calls, [true, true, false], 'the last results asked for once');
    assert.deepStrictEqual(t.w.pages.map(titleOf), ['first', 'refreshed', 'newest']);
  });

  it('names the folders not analysed on the page, escaped', async () => {
    const t = start(async () => ({ ...modelNamed('first'), unread: [{ name: '<gone>', why: 'it could not be read: no such file or directory' }] }));
    await t.panel.show();
    assert.match(t.w.pages[0], /<p class="note unread">Not analysed: <strong>&lt;gone&gt;<\/strong> \(it could not be read: no such file or directory\)\.<\/p>/);
  });

  it('a change while no analysis runs shows the last results; none while the page is closed', async () => {
    const t = start((refresh) => Promise.resolve(modelNamed(refresh ? 'refreshed' : 'last')));
    t.changed.fire();
    assert.deepStrictEqual(t.calls, [], 'no page: nothing asked');
    await t.panel.show();
    t.changed.fire();
    await waitFor('the last results', () => t.w.pages.length === 2);
    assert.deepStrictEqual(t.w.pages.map(titleOf), ['refreshed', 'last']);
    assert.deepStrictEqual(t.calls, [true, false]);
  });

  it('a Fix click from a page drawn before the findings changed applies nothing when the finding at its index is another one now', async () => {
    /** One app with one finding (`name` in its message) and one fix. */
    const withFinding = (name: string): LeastPrivilegeReportModel => {
      const finding = { code: 'permission-over-broad', severity: 'warning', message: `${name} is broader than needed`, start: 0, end: 1, file: 'app.json', line: 3, column: 5, fixes: [{ title: `Replace ${name}`, edits: [] }] };
      const report = { hasPathData: true, notes: [], manifests: [], scopeFiles: [], identities: [], calls: [], needed: [], requested: [], findings: [finding] };
      return { folders: [{ uri: 'file:///ws', name: 'ws', apps: [{ name: 'app', excluded: [], report: report as never, findings: [{ uri: 'file:///ws/app.json', id: 'lp1' }] }] }], markdown: '' };
    };
    let current = withFinding('Mail.ReadWrite');
    const asked: string[] = [];
    const t = start(
      async () => current,
      async (_doc, _ref, _fix, title) => {
        asked.push(title);
        return { title, edit: { text: title } as never };
      },
    );
    await t.panel.show();
    const button = /<button data-action="fix" data-app="(\d+)" data-finding="(\d+)" data-fix="(\d+)" data-key="([^"]*)" data-title="([^"]*)"/.exec(t.w.pages[0]);
    assert.ok(button, t.w.pages[0]);
    const unescape = (v: string): string => v.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const click = { type: 'fix', app: Number(button[1]), finding: Number(button[2]), fix: Number(button[3]), key: unescape(button[4]), title: unescape(button[5]) };
    // The results change (a save elsewhere) and the panel holds the new model before the click arrives.
    current = withFinding('User.ReadWrite.All');
    await t.panel.receive({ type: 'refresh' });
    await t.panel.receive(click);
    assert.deepStrictEqual(asked, [], 'no fix asked for: the finding at that index is another one');
    assert.deepStrictEqual(t.w.applied, []);
    assert.match(t.w.statuses[t.w.statuses.length - 1], /changed before the click arrived: nothing was applied/);
    // A click from the current page applies its fix.
    await t.panel.receive({ ...click, key: 'app.json:3:5 permission-over-broad User.ReadWrite.All is broader than needed', title: 'Replace User.ReadWrite.All' });
    assert.deepStrictEqual(t.w.applied, ['Replace User.ReadWrite.All']);
  });
});
