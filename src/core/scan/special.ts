/**
 * Mentions that are not Graph permissions but deserve a hover of their own:
 * - `.default` (`https://graph.microsoft.com/.default`, `api://…/.default`): "every permission
 *   statically consented for this app on that resource";
 * - Teams resource-specific consent (RSC) permissions (`ChannelMessage.Read.Group`,
 *   `MailboxItem.Read.User`) in a Teams app manifest: a different namespace from Graph's.
 * They never reach the rules.
 */
import { codeSpan, escapeMarkdown } from '../text/markdown';
import type { TextRange } from './reference';

export type SpecialKind = 'default-scope' | 'rsc';

export interface SpecialMention extends TextRange {
  kind: SpecialKind;
  /** The token as written. */
  text: string;
  /** `default-scope`: the resource the token names (`https://graph.microsoft.com`), as written. */
  resource?: string;
  /** `default-scope`: the resolved resource app id, when known. */
  resourceAppId?: string;
  /**
   * `default-scope`: the flow the surroundings show — `Application` for client-credentials /
   * managed-identity code, `Delegated` for user sign-in, undefined when it cannot be told.
   * `rsc`: the RSC `type` written beside it (`Application` / `Delegated`), when any.
   */
  flow?: 'Application' | 'Delegated';
}

/** The special mention whose range contains `offset` (end inclusive, like findAt). */
export function specialAt(specials: readonly SpecialMention[], offset: number): SpecialMention | undefined {
  for (const s of specials) if (offset >= s.start && offset <= s.end) return s;
  return undefined;
}

const GRAPH_NAMES: ReadonlyMap<string, string> = new Map([
  ['00000003-0000-0000-c000-000000000000', 'Microsoft Graph'],
  ['00000003-0000-0ff1-ce00-000000000000', 'SharePoint Online'],
]);

/** Hover Markdown for a special mention. Everything from the document is escaped. */
export function specialHover(s: SpecialMention): string {
  if (s.kind === 'rsc') {
    const lines = [
      `**${escapeMarkdown(s.text)}** — Teams resource-specific consent (RSC) permission${s.flow ? ` (${s.flow})` : ''}`,
      '',
      'RSC permissions are granted by a team, chat or user owner when the Teams app is installed, and apply only to that team, chat or mailbox. ' +
        'They are a different namespace from Microsoft Graph permissions: they are not requested in the Entra app registration and need no tenant-wide admin consent.',
      '',
      '[Resource-specific consent reference](https://learn.microsoft.com/microsoftteams/platform/graph-api/rsc/resource-specific-consent)',
    ];
    return lines.join('\n');
  }
  const app = s.resourceAppId ? GRAPH_NAMES.get(s.resourceAppId) : undefined;
  const resource = app ?? (s.resource ? codeSpan(s.resource) : 'the resource');
  const lines = [`**${escapeMarkdown('.default')}** — every permission statically consented for this app on ${app ? escapeMarkdown(app) : resource}`, ''];
  lines.push(
    `${codeSpan(s.text)} does not name one permission: the token gets whatever the app registration lists for ${app ? escapeMarkdown(app) : resource} ` +
      '(its `requiredResourceAccess`) and an administrator or user has consented to. Check the app registration to see what it really grants.',
    '',
  );
  if (s.flow === 'Application') {
    lines.push('Here it is used with an application credential (client credentials / managed identity): the token carries the **Application** permissions (app roles) granted to the app.');
  } else if (s.flow === 'Delegated') {
    lines.push('Here it is used in a user sign-in flow: the token carries the **Delegated** permissions the user or an administrator consented to.');
  } else {
    lines.push('With client credentials or a managed identity it means the granted **Application** permissions; in a user sign-in flow, the consented **Delegated** ones.');
  }
  lines.push('', '[The /.default scope](https://learn.microsoft.com/entra/identity-platform/scopes-oidc#the-default-scope)');
  return lines.join('\n');
}
