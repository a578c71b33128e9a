// The layering of src/core, shared by ESLint (eslint.config.mjs) and the core type-check
// (scripts/check-core.mjs): src/core uses no VS Code API, no Node built-in module and no Node global
// (Buffer, process, require, __dirname), so that one core serves the CLI, a language server and a
// browser extension host. All I/O is passed in by the hosts.

/**
 * Files of src/core allowed to reach for Node (fs, path, http, Buffer, process, require): none. The
 * I/O lives in src/platform/node and is passed in. The list may only shrink: the type-check fails
 * when a listed file no longer needs Node.
 */
export const ALLOWED = [];

/** Node built-in modules, banned from src/core (with and without the `node:` prefix). */
export const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'stream', 'url', 'util', 'worker_threads', 'zlib'];
