/**
 * src/core/service — the one entry point of the core. Hosts (the VS Code client, the CLI, the
 * language server) create one service per store and pass every document through it; nothing here
 * does I/O. See languageService.ts for the features, leastPrivilege.ts for least privilege of a folder
 * and settings.ts for the settings model.
 */
export * from './languageService';
export * from './settings';
export * from './leastPrivilege';
export { isStepsCancelled, StepsCancelled, type CancellationLike, type StepDriver } from '../steps';
