/**
 * The explorer's data from the language server (desktop): each ExplorerSource call is a request of
 * src/server/explorerProtocol.ts, sent once the server has started (a call made while it starts
 * waits for it; one made while it is stopped fails with the reason, which the views show). Lists
 * are kept per threshold until the server says its store changed (`StoreChangedNotification`) or
 * comes back after a restart.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { PermissionList } from '../core/explorer/listing';
import {
  FileReferencesRequest,
  MetadataInfoRequest,
  PermissionDetailRequest,
  PermissionListRequest,
  ResolvePermissionRequest,
  StoreChangedNotification,
  type FileReferencesParams,
  type FileReferencesResult,
  type MetadataInfoResult,
  type PermissionDetailParams,
  type PermissionDetailResult,
  type PermissionListParams,
  type ResolvePermissionParams,
  type ResolvePermissionResult,
} from '../server/protocol';
import type { ExplorerSource } from './explorerSource';

export function serverExplorerSource(client: LanguageClient, started: () => Promise<void>, subscriptions: vscode.Disposable[]): ExplorerSource {
  const changed = new vscode.EventEmitter<void>();
  const lists = new Map<string, Promise<PermissionList>>();
  const stale = (): void => {
    lists.clear();
    changed.fire();
  };
  let wasRunning = false;
  subscriptions.push(
    changed,
    client.onNotification(StoreChangedNotification, stale),
    client.onDidChangeState((e) => {
      if (e.newState !== State.Running) return;
      // After a restart (or a crash) the server is a new process: what was asked before is stale, and views that showed an error ask again.
      if (wasRunning) stale();
      wasRunning = true;
    }),
  );
  const ask = async <R>(method: string, params?: object): Promise<R> => {
    await started();
    return params === undefined ? client.sendRequest<R>(method) : client.sendRequest<R>(method, params);
  };
  return {
    onDidChange: changed.event,
    permissionList(threshold, withSearchText) {
      const k = `${threshold}|${withSearchText === true}`;
      let p = lists.get(k);
      if (!p) {
        // Only the lists of the threshold in use are kept (the setting changes rarely).
        for (const other of [...lists.keys()]) if (!other.startsWith(`${threshold}|`)) lists.delete(other);
        p = ask<PermissionList>(PermissionListRequest, { threshold, withSearchText: withSearchText === true } satisfies PermissionListParams);
        lists.set(k, p);
        // A failure is not kept: the next call asks again.
        p.catch(() => lists.get(k) === p && lists.delete(k));
      }
      return p;
    },
    resolve: (key, threshold, anyApp) =>
      ask<ResolvePermissionResult>(ResolvePermissionRequest, { name: key.name, resourceAppId: key.resourceAppId, threshold, ...(anyApp ? { anyApp: true } : {}) } satisfies ResolvePermissionParams),
    // Sent after the notification of a store change that caused it (the same connection, in order).
    permissionDetail: async (key, threshold) =>
      (await ask<PermissionDetailResult>(PermissionDetailRequest, { name: key.name, resourceAppId: key.resourceAppId, threshold } satisfies PermissionDetailParams)) ?? undefined,
    metadataInfo: () => ask<MetadataInfoResult>(MetadataInfoRequest),
    readsFile: (uri) => uri.scheme === 'file',
    fileReferences: async (files) => (await ask<FileReferencesResult>(FileReferencesRequest, { files } satisfies FileReferencesParams)).files,
  };
}
