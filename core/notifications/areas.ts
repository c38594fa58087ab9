import type { Permission } from '../staff/permissions';
import type { NotificationEvent } from './events';

/** A subscribe-message template an area uses: where its id comes from and what it is called in the WeChat console. */
export interface TemplateDeclaration {
  /** The deployment variable holding the template id issued in the WeChat console. */
  envVar: string;
  /** The template's title as chosen in the console, for operators. */
  title: string;
  /**
   * The keywords to pick when applying for the template, in order: the key WeChat assigns (its type and
   * number, e.g. `thing2`) and the keyword's name in the console. `templateValues` fills exactly these
   * (tests/notifications/notificationAreas.test.ts), and the README's template table is made from them.
   */
  keywords: Record<string, string>;
  /** The event types pushed under this template (the README lists them; the test checks `templateFor` agrees). */
  events: readonly string[];
}

/**
 * How one area's events read. Each area declares its own templates, how an event fills them, the
 * mini-program page a push or message opens, and the titles members and staff see; the dispatcher,
 * the message centre and the alert feed read only this.
 */
export interface NotificationArea {
  area: string;
  /** The service's name as members know it, e.g. 投诉. */
  label: string;
  templates: Record<string, TemplateDeclaration>;
  /** The template an event is pushed under, or none (message centre only). Never another topic's template. */
  templateFor(e: NotificationEvent): string | undefined;
  /** Raw values by the template's key names; fitTemplateData trims them to WeChat's rules. */
  templateValues(template: string, e: NotificationEvent): Record<string, string>;
  /** The mini-program page a push or message opens. */
  page(e: NotificationEvent): string;
  /** The message-centre title. */
  messageTitle(e: NotificationEvent): string;
  /** The staff alert's title. */
  alertTitle(e: NotificationEvent): string;
  /**
   * Its alerts are addressed: each is shown only to its `ownerId` (staffFeed.ts), not to every reader of the
   * feed, since the area's records are not theirs to see (ledger items, 风险预警).
   */
  addressed?: boolean;
  /**
   * The permission a reader of the whole feed needs to see this area's alerts (its records' read permission),
   * so an alert does not show a case to someone who may not open it. None: every reader of the feed.
   */
  readPermission?: Permission;
}

export const areaNamed = (areas: readonly NotificationArea[], name: string): NotificationArea | undefined =>
  areas.find((a) => a.area === name);

/** Every template the deployment must configure, keyed `<area>.<template>`. */
export const declaredTemplates = (areas: readonly NotificationArea[]): Record<string, TemplateDeclaration> =>
  Object.fromEntries(areas.flatMap((a) => Object.entries(a.templates).map(([k, d]) => [`${a.area}.${k}`, d])));
