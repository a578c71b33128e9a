/**
 * The documents the extension reads, from the format registry (src/core/formats.ts): every
 * language with permission references, and where Graph payloads are read (also `.http`/`.rest`
 * files of any language). Shared by the language client's document selector and the in-host
 * providers.
 */
import type * as vscode from 'vscode';
import { editorLanguages } from '../core/formats';

/** Every language the extension reads (permission references; payloads in json/http/ts/js): the format registry's. */
export const LANGUAGES: readonly string[] = editorLanguages();
export const SELECTOR_FILTERS: vscode.DocumentFilter[] = LANGUAGES.map((language) => ({ language }));
export const SELECTOR: vscode.DocumentSelector = SELECTOR_FILTERS;

/** Languages (and, for editors without an `http` language, file patterns) where payloads are read. */
export const RESOURCE_SELECTOR: vscode.DocumentFilter[] = [
  ...editorLanguages((f) => f.payload !== undefined).map((language) => ({ language })),
  { pattern: '**/*.{http,rest}' },
];
