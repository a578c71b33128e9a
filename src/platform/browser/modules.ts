/**
 * Modules the core loads on first need, for a browser host: the YAML scanner (see
 * setYamlScannerLoader in core/analyze.ts). As on Node (../node/modules.ts), esbuild bundles the
 * `require` below into the browser bundle and defers the module's evaluation until it runs.
 */
import { setYamlScannerLoader, type YamlScannerModule } from '../../core/analyze';

/** Resolved by esbuild inside the bundle (no Node `require` at run time; the browser type check has no Node types). */
declare const require: (id: string) => unknown;

setYamlScannerLoader(() => require('../../core/scan/yaml') as YamlScannerModule);
