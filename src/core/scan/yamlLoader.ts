/**
 * The YAML scanner, loaded on the first YAML document. The `yaml` parser is a third of the bundle
 * and most sessions never read YAML (loading it with the rest costs every start about 5 ms), so
 * nothing imports ./yaml.ts (only its type, erased by the bundler): the host passes in how to load
 * it. Loading a module later is the bundler's business, not the web platform's: the Node hosts do
 * it in src/platform/node/modules.ts, a browser build in src/platform/browser/modules.ts. Without a
 * loader, a YAML document is reported as not analysed (fail closed), never silently empty.
 */
import type { PermissionOracle } from './names';
import type { FormatScan } from './tokens';

/** The YAML scanner's module: scan/yaml.ts with the `yaml` parser. */
export type YamlScannerModule = typeof import('./yaml');

let yamlLoader: (() => YamlScannerModule) | undefined;
let yamlModule: YamlScannerModule | undefined;

/** How the host loads the YAML scanner (re-exported by core/analyze.ts, where the hosts set it). */
export function setYamlScannerLoader(load: () => YamlScannerModule): void {
  yamlLoader = load;
}

/** The YAML format's scanner in the format registry (formats.ts): loads scan/yaml.ts on first use. Throws without a loader. */
export function scanYamlLazily(text: string, oracle: PermissionOracle): FormatScan {
  if (!yamlModule) {
    if (!yamlLoader) throw new Error('the YAML scanner is not available in this host');
    yamlModule = yamlLoader();
  }
  return yamlModule.scanYaml(text, oracle);
}
