/**
 * The format registry (src/core/formats.ts) is the one list of languages and file names: the
 * package's activation events and contributed languages agree with it, and the lookups every
 * module uses (formatOf, payloadFormatOf, the least-privilege formats) answer from it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DOCUMENT_FORMATS, formatOf } from '../../src/core/analyze';
import { CALL_FORMATS, editorLanguages, FORMATS, USAGE_FORMATS } from '../../src/core/formats';
import { payloadFormatOf } from '../../src/core/payloads';
import { CODE_FORMATS } from '../../src/core/leastPrivilege';
import { USAGE_FORMATS as USAGE_FILE_FORMATS, usageFormatOf } from '../../src/core/leastPrivilege/files';
import { ROOT } from './helpers';

interface Pkg {
  activationEvents: string[];
  contributes: { languages: { id: string; extensions?: string[]; filenames?: string[] }[] };
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Pkg;

describe('format registry', () => {
  it('has one entry per document format, and no language id in two formats', () => {
    assert.deepStrictEqual(
      FORMATS.map((f) => f.format),
      [...DOCUMENT_FORMATS],
    );
    const ids = FORMATS.flatMap((f) => [...f.languages, ...(f.otherLanguages ?? [])]);
    assert.strictEqual(new Set(ids).size, ids.length, `a language id in two formats: ${ids.join(', ')}`);
  });

  it('package.json activates on exactly the languages the registry registers for', () => {
    const activation = pkg.activationEvents.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
    assert.deepStrictEqual([...activation].sort(), editorLanguages().sort());
  });

  it("package.json's contributed languages are read as their registry format, by id and by file extension", () => {
    assert.ok(pkg.contributes.languages.length > 0);
    for (const lang of pkg.contributes.languages) {
      const format = formatOf(lang.id);
      assert.ok(format, `contributed language ${lang.id} has no format`);
      assert.ok(editorLanguages().includes(lang.id), `contributed language ${lang.id} is not registered for`);
      for (const ext of lang.extensions ?? []) assert.strictEqual(formatOf(`file${ext}`), format, `${ext} of ${lang.id}`);
    }
  });

  it('formatOf answers every language id and sample file name from the registry', () => {
    for (const f of FORMATS) {
      for (const id of [...f.languages, ...(f.otherLanguages ?? [])]) assert.strictEqual(formatOf(id), f.format, id);
    }
    const names: [string, string][] = [
      ['app.tf.json', 'json'],
      ['main.tf', 'terraform'],
      ['Connect.PSM1', 'powershell'],
      ['src/App.tsx', 'javascript'],
      ['web.config', 'xml'],
      ['.env.local', 'properties'],
      ['analysis.ipynb', 'notebook'],
      ['README', ''],
    ];
    for (const [name, format] of names) assert.strictEqual(formatOf(name) ?? '', format, name);
    assert.strictEqual(formatOf('constructor'), undefined, 'lookups keyed by data use Maps');
  });

  it('payloads are read in the languages and files the registry names, nowhere else', () => {
    const payloadLanguages = editorLanguages((f) => f.payload !== undefined);
    assert.deepStrictEqual([...payloadLanguages].sort(), ['http', 'javascript', 'javascriptreact', 'json', 'jsonc', 'typescript', 'typescriptreact']);
    assert.strictEqual(payloadFormatOf('jsonc'), 'json');
    assert.strictEqual(payloadFormatOf('typescriptreact'), 'ts');
    assert.strictEqual(payloadFormatOf('create-call.REST'), 'http');
    assert.strictEqual(payloadFormatOf('settings.json5'), undefined, 'JSON5 is read for permissions, not payloads');
    assert.strictEqual(payloadFormatOf('python'), undefined);
    assert.strictEqual(payloadFormatOf('main.py'), undefined);
  });

  it('least privilege reads the manifest and call formats the registry marks', () => {
    assert.deepStrictEqual([...USAGE_FORMATS], ['json', 'powershell', 'javascript', 'csharp', 'python', 'java', 'http', 'yaml', 'properties']);
    assert.deepStrictEqual([...CALL_FORMATS], ['powershell', 'javascript', 'csharp', 'python', 'java', 'http']);
    assert.strictEqual(CODE_FORMATS, CALL_FORMATS);
    assert.strictEqual(USAGE_FILE_FORMATS, USAGE_FORMATS);
    assert.strictEqual(usageFormatOf('src/Program.cs'), 'csharp');
    assert.strictEqual(usageFormatOf('infra/main.bicep'), undefined);
    assert.strictEqual(usageFormatOf('src/main/resources/application.properties'), 'properties');
  });
});
