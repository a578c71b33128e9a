/** The file name in a `file:` URI (formats like `aad.manifest.json` and `.http` are told by name). */
export function fileNameOf(uri: string): string | undefined {
  try {
    const u = new URL(uri);
    return decodeURIComponent(u.pathname);
  } catch {
    return undefined;
  }
}
