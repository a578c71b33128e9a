/**
 * src/core/service — the one entry point of the core. Hosts (the VS Code client, the CLI, the
 * language server) create one service per store and pass every document through it; nothing here
 * does I/O. See languageService.ts for the features and settings.ts for the settings model.
 */
export * from './languageService';
export * from './settings';
