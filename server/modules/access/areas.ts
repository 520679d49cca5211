import { type Static, Type } from 'typebox';
import { canManageApiTokens } from '../api-tokens/policy.ts';
import { mayListCases } from '../cases/policy.ts';
import { type Actor, can as canUser } from '../identity/policy.ts';
import { mayTriage } from '../reports/policy.ts';

// The areas of the staff app a signed-in user works in, as the server's policies decide, sent with the
// session so that the web app shows the navigation and pages the server will serve. Each area asks the
// rule of the module that guards it; the web app keeps no role list of its own. A session restricted to
// enrolling a second factor works in none.

export const AREAS = ['inbox', 'cases', 'users', 'administration'] as const;
export type Area = (typeof AREAS)[number];

export const Areas = Type.Object(
  {
    /** The intake inbox: reports, triage, recording a report received by phone or in person. */
    inbox: Type.Boolean(),
    /** The case list and the cases one may see (experts see the cases whose team they are on). */
    cases: Type.Boolean(),
    /** The organisation's user accounts. */
    users: Type.Boolean(),
    /** The portal's settings and form, API tokens, security settings. */
    administration: Type.Boolean(),
  },
  { additionalProperties: false, title: 'Areas' },
);
export type Areas = Static<typeof Areas>;

const rules: Record<Area, (actor: Actor) => boolean> = {
  inbox: mayTriage,
  cases: mayListCases,
  users: (actor) => canUser(actor, 'create', { id: '', tenantId: actor.tenantId }),
  administration: (actor) => canManageApiTokens(actor, 'list'),
};

/** The areas `actor` works in; none while the session may only enrol a second factor. */
export function areasOf(actor: Actor, options: { secondFactorSetupRequired?: boolean } = {}): Areas {
  const restricted = options.secondFactorSetupRequired === true;
  return {
    inbox: !restricted && rules.inbox(actor),
    cases: !restricted && rules.cases(actor),
    users: !restricted && rules.users(actor),
    administration: !restricted && rules.administration(actor),
  };
}
