// Policies in Outline's style (server/policies/cancan.ts there): one policy per object type lists its
// actions, and `allow(actions, condition)` says who may take them; an action no rule allows is refused.
// `serialize` answers every action, for the API to send along so the web app shows only what one may do.

export type Condition<Actor, Subject> = (actor: Actor, subject: Subject) => boolean;

export interface Policy<Actor, Subject, Action extends string> {
  readonly actions: readonly Action[];
  /** Allows `actions` when `condition` holds; several rules for one action are alternatives. */
  allow(actions: Action | readonly Action[], condition: Condition<Actor, Subject>): void;
  can(actor: Actor, action: Action, subject: Subject): boolean;
  serialize(actor: Actor, subject: Subject): Record<Action, boolean>;
}

export function definePolicy<Actor, Subject, Action extends string>(
  actions: readonly Action[],
): Policy<Actor, Subject, Action> {
  const rules = new Map<Action, Array<Condition<Actor, Subject>>>();
  const can = (actor: Actor, action: Action, subject: Subject) =>
    (rules.get(action) ?? []).some((condition) => condition(actor, subject));
  return {
    actions,
    allow(which, condition) {
      for (const action of typeof which === 'string' ? [which] : which)
        rules.set(action as Action, [...(rules.get(action as Action) ?? []), condition]);
    },
    can,
    serialize: (actor, subject) =>
      Object.fromEntries(actions.map((action) => [action, can(actor, action, subject)])) as Record<
        Action,
        boolean
      >,
  };
}
