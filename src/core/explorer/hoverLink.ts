/**
 * The hover's link to the permission detail page. The hover MarkdownString is trusted only for
 * `graphPermissionLens.showPermission`, whose handler accepts nothing but `{ name, resourceAppId }`
 * strings and looks them up in the store.
 */
import type { PermissionKey } from './model';

export const SHOW_PERMISSION_COMMAND = 'graphPermissionLens.showPermission';

/** The arguments of a `command:` URI, encoded so that no character can end the Markdown link. */
export function commandArgs(args: unknown[]): string {
  return encodeURIComponent(JSON.stringify(args)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** `[Open details](command:graphPermissionLens.showPermission?…)`: a Markdown line for `HoverOptions.extraSections`. */
export function permissionDetailsLink(key: PermissionKey, label: 'Open details' | 'details' = 'Open details'): string {
  const args = commandArgs([{ name: key.name, resourceAppId: key.resourceAppId }]);
  return `[${label}](command:${SHOW_PERMISSION_COMMAND}?${args} "Open the permission page")`;
}

/** Parses the argument of the command (a key object, or a name string); undefined when it is neither. */
export function parsePermissionArg(arg: unknown, defaultAppId: string): PermissionKey | undefined {
  if (typeof arg === 'string' && arg.trim() && arg.length < 256) return { name: arg.trim(), resourceAppId: defaultAppId };
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    if (typeof o.name === 'string' && o.name.length < 256) {
      const app = typeof o.resourceAppId === 'string' && /^[0-9a-f-]{36}$/i.test(o.resourceAppId) ? o.resourceAppId.toLowerCase() : defaultAppId;
      return { name: o.name, resourceAppId: app };
    }
  }
  return undefined;
}
