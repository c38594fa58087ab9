import type * as z from 'zod/mini';
import type { StaffRole } from '../shared/actors';
import { parseInput } from '../shared/validation';
import type { StaffPrincipal } from './model';
import { can, requirePermission, type Permission } from './permissions';

/**
 * One staff action, the single record that routing, the role walk test and the admin page all read:
 * its permission is written here and nowhere else.
 */
export interface StaffAction<Deps, Input = any, Output = unknown> {
  /** null: any signed-in staff member may call it. */
  readonly permission: Permission | null;
  /** A zod or zod/mini schema (the bundles use zod/mini: scripts/buildFunctions.ts). */
  readonly input: z.core.$ZodType<Input>;
  /** Field names as staff read them, for the Chinese messages of REQUEST.INVALID. */
  readonly labels?: Readonly<Record<string, string>>;
  // Method syntax on purpose: a record written for narrower deps (complaints only) still fits a table of wider deps.
  run(deps: Deps, who: StaffPrincipal, input: Input, request?: StaffRequestContext): Promise<Output>;
}

/** About the request itself: the client's address as the HTTP front determined it (handleAdmin), for audit entries. */
export interface StaffRequestContext {
  source?: string;
}

/** The actions of one area, by the action name in `/admin/api/<area>/<action>`. */
export type StaffArea<Deps> = Readonly<Record<string, StaffAction<Deps>>>;

/** Every area, by the area name in the path. */
export type StaffAreas<Deps> = Readonly<Record<string, StaffArea<Deps>>>;

/** Names the record's types from its schema, so `run` receives the parsed input already typed. */
export const defineStaffAction = <Deps, Input, Output>(action: StaffAction<Deps, Input, Output>): StaffAction<Deps, Input, Output> => action;

/** Permission first, so a refused caller learns nothing from validation; then the input, then the handler. */
export const performStaffAction = async <Deps>(action: StaffAction<Deps>, deps: Deps, who: StaffPrincipal, raw: unknown, request?: StaffRequestContext): Promise<unknown> => {
  if (action.permission) requirePermission(who, action.permission);
  return action.run(deps, who, parseInput(action.input, raw ?? {}, action.labels), request);
};

export const mayCall = (role: StaffRole, action: StaffAction<unknown>): boolean => action.permission === null || can(role, action.permission);

/** `area/action` for every action the role may call, so the admin page can tell before it asks. */
export const callableActions = (areas: StaffAreas<never>, role: StaffRole): string[] =>
  Object.entries(areas).flatMap(([area, actions]) =>
    Object.entries(actions)
      .filter(([, action]) => mayCall(role, action))
      .map(([name]) => `${area}/${name}`),
  );
