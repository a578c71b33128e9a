/**
 * Requests in `.http` / `.rest` files (the REST Client / JetBrains HTTP Client format): blocks
 * separated by `###` lines; in each, optional comments (`#`, `//`) and variable lines (`@name = v`),
 * the request line (`POST https://graph.microsoft.com/v1.0/communications/calls HTTP/1.1`, or a
 * bare URL for GET), header lines, a blank line, then the body up to the next block.
 */
export interface HttpRequest {
  method: string;
  url: string;
  /** Offsets of the request line. */
  lineStart: number;
  lineEnd: number;
  /** The body text and its offset in the document (absent when the request has none). */
  body?: { text: string; start: number };
}

const METHODS = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE|CONNECT)\s+(\S+)/i;

interface Line {
  text: string;
  start: number;
  end: number;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ text: text.slice(start, m.index), start, end: m.index });
    start = m.index + m[0].length;
  }
  out.push({ text: text.slice(start), start, end: text.length });
  return out;
}

export function parseHttpFile(text: string): HttpRequest[] {
  const all = lines(text);
  const blocks: Line[][] = [[]];
  for (const l of all) {
    if (/^\s*###/.test(l.text)) blocks.push([]);
    else blocks[blocks.length - 1].push(l);
  }
  const out: HttpRequest[] = [];
  for (const block of blocks) {
    let i = 0;
    while (i < block.length && (/^\s*$/.test(block[i].text) || /^\s*(#|\/\/)/.test(block[i].text) || /^\s*@[\w.-]+\s*=/.test(block[i].text))) i++;
    if (i >= block.length) continue;
    const reqLine = block[i];
    const t = reqLine.text.trim();
    const m = METHODS.exec(t);
    const method = m ? m[1].toUpperCase() : 'GET';
    const url = m ? m[2] : t.split(/\s+/)[0];
    if (!m && !/^(https?:\/\/|\/|\{\{)/i.test(url)) continue;
    i++;
    // Query continuation lines (`  ?a=b`, `  &c=d`) and headers, up to the first blank line.
    while (i < block.length && !/^\s*$/.test(block[i].text)) i++;
    while (i < block.length && /^\s*$/.test(block[i].text)) i++;
    const req: HttpRequest = { method, url, lineStart: reqLine.start, lineEnd: reqLine.end };
    if (i < block.length) {
      // The body ends before a response handler (`> {% … %}`, `> ./script.js`) or a trailing comment run.
      let j = block.length;
      for (let k = i; k < block.length; k++) {
        if (/^\s*>\s/.test(block[k].text) || /^\s*<>\s/.test(block[k].text)) {
          j = k;
          break;
        }
      }
      const start = block[i].start;
      const end = j > i ? block[j - 1].end : start;
      const body = text.slice(start, end);
      if (body.trim()) req.body = { text: body, start };
    }
    out.push(req);
  }
  return out;
}
