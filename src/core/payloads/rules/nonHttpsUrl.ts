import type { PayloadRule } from './types';

/** Descriptions that demand HTTPS ("Must be an HTTPS URL.", "This URL must make use of the HTTPS protocol."). */
const HTTPS_REQUIRED = /\bmust be an? HTTPS URL|\bmust (?:make use of|use) the HTTPS protocol/i;

export const nonHttpsUrl: PayloadRule = {
  id: 'non-https-url',
  defaultSeverity: 'error',
  doc: {
    summary: 'A URL that the property\'s documentation requires to be an absolute HTTPS URL (a call\'s `callbackUri`, a subscription\'s `notificationUrl`) but is not.',
    help: 'Graph delivers callbacks and notifications only to absolute `https://` URLs. Values with template variables (`{{callback}}`, `${url}`) and Event Hubs / Event Grid notification URLs are not checked.',
    example: '"callbackUri": "http://bot.contoso.com/callback"',
    fix: 'Change `http://` to `https://`.',
  },
  check(ctx, report) {
    for (const tp of ctx.payloads) {
      for (const v of tp.values) {
        if (v.node.kind !== 'string' || v.info.type !== 'Edm.String' || !HTTPS_REQUIRED.test(v.info.description ?? '')) continue;
        const s = v.node.value.trim();
        if (!s || /\{\{|\$\{/.test(s) || /^(EventHub|EventGrid):/i.test(s)) continue;
        let url: URL | undefined;
        try {
          url = new URL(s);
        } catch {
          url = undefined;
        }
        if (url && url.protocol === 'https:' && url.hostname) continue;
        const insecure = url?.protocol === 'http:';
        const q = v.node.quote;
        report({
          message: insecure
            ? `'${v.info.name}' must be an HTTPS URL: Graph does not call back over plain http.`
            : `'${v.info.name}' must be an absolute HTTPS URL (https://host/path); '${s}' is not.`,
          start: v.node.start,
          end: v.node.end,
          fixes: insecure ? [{ title: 'Use https://', edits: [{ start: v.node.start, end: v.node.end, newText: `${q}${s.replace(/^http:/i, 'https:')}${q}` }], preferred: true }] : [],
        });
      }
    }
  },
};
