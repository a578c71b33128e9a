/**
 * Modules the core loads on first need, for the Node hosts: the YAML scanner (see
 * setYamlScannerLoader in core/analyze.ts). esbuild bundles the `require` below and defers the
 * module's evaluation until it runs, so a session that never opens YAML never pays for the parser.
 * Imported for its effect by ./data.ts, which every Node host (CLI, language server, extension,
 * GitHub Action) and the tests load first.
 */
import { setYamlScannerLoader, type YamlScannerModule } from '../../core/analyze';

// eslint-disable-next-line @typescript-eslint/no-require-imports
setYamlScannerLoader(() => require('../../core/scan/yaml') as YamlScannerModule);
