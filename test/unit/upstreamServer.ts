/**
 * The loopback HTTP server both downloaders are tested against (Node's http/https downloader in
 * upstreamDownload.test.ts, the browser's `fetch` one in browserUpstream.test.ts): the hand-made
 * fixture upstream and every failure a download can meet, under one path prefix each —
 * `/ok/`, `/redirect/`, `/loop`, `/truncated/`, `/truncated-chunked/`, `/shape/`, `/html/`,
 * `/oversized-announced/`, `/oversized-streamed/`, `/slow/`, `/real/` (../shared/upstream, when
 * present); anything else is a 404.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import * as path from 'path';
import { FIXTURES, SHARED_UPSTREAM } from './helpers';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export const FIX_DIR = path.join(FIXTURES, 'upstream');

export interface UpstreamServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  routes: Map<string, Handler>;
  /** Every path asked for, in order. */
  hits: string[];
  close(): Promise<void>;
}

export async function startUpstreamServer(): Promise<UpstreamServer> {
  const routes = new Map<string, Handler>();
  const hits: string[] = [];
  const open = new Set<Socket>();
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const h = routes.get((req.url ?? '').split('?')[0]);
    if (h) return h(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  server.on('connection', (s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const file = (name: string): Handler => (_req, res) => {
    const body = fs.readFileSync(path.join(FIX_DIR, name));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  };
  /** Both files of a source prefix. */
  const both = (prefix: string, perms: Handler, prov: Handler = file('provisioningInfo.json')): void => {
    routes.set(`/${prefix}/permissions/new/permissions.json`, perms);
    routes.set(`/${prefix}/permissions/new/provisioningInfo.json`, prov);
  };

  both('ok', file('permissions.json'));
  routes.set('/redirect/permissions/new/permissions.json', (_q, res) => {
    res.writeHead(302, { location: '/ok/permissions/new/permissions.json' });
    res.end();
  });
  routes.set('/redirect/permissions/new/provisioningInfo.json', (_q, res) => {
    res.writeHead(301, { location: `${base}/ok/permissions/new/provisioningInfo.json` });
    res.end();
  });
  routes.set('/loop', (_q, res) => {
    res.writeHead(302, { location: '/loop' });
    res.end();
  });
  both('truncated', (_q, res) => {
    const body = fs.readFileSync(path.join(FIX_DIR, 'permissions.json'));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  });
  both('truncated-chunked', (_q, res) => {
    const body = fs.readFileSync(path.join(FIX_DIR, 'permissions.json'));
    res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no length to compare
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  });
  both('shape', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"value": [{"id": "0f0f0f0f-0000-4000-8000-000000000001"}]}');
  });
  both('html', (_q, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Sign in</title>');
  });
  both('oversized-announced', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 64 * 1024 * 1024 });
    res.end();
  });
  both('oversized-streamed', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < 200 && !res.destroyed) {
        sent++;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  both('slow', () => {
    // Never answers: the client's timeout or cancellation must end it.
  });
  if (fs.existsSync(path.join(SHARED_UPSTREAM, 'devx-permissions.json'))) {
    const real = (name: string): Handler => (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      fs.createReadStream(path.join(SHARED_UPSTREAM, name)).pipe(res);
    };
    both('real', real('devx-permissions.json'), real('devx-provisioningInfo.json'));
  }

  return {
    base,
    routes,
    hits,
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
