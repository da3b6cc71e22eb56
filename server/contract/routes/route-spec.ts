import { type TObject, type TProperties, type TSchema, Type } from '@sinclair/typebox';
import type { Role } from '../api';

/** What a route of the table is, and the pieces the areas' tables share. */

/** The error statuses the contract names; each answers with `application/problem+json`. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;

export interface Answer {
  description: string;
  /** The JSON answer's schema; an XML answer is BPMN text. None for an empty answer. */
  schema?: TSchema;
  media?: 'application/json' | 'application/xml' | 'text/csv';
  headers?: Record<string, string>;
}

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  tag:
    | 'Session'
    | 'Definitions'
    | 'Forms'
    | 'Instances'
    | 'Cases'
    | 'Users'
    | 'Tasks'
    | 'Health'
    | 'Testing'
    | 'Figures';
  summary: string;
  description?: string;
  /**
   * `public`: no session needed. `user`: a session, and on anything but GET its CSRF token.
   * `user-if-any`: like `user` when there is a session, public otherwise (logging out twice is fine).
   */
  access: 'public' | 'user' | 'user-if-any';
  /** Callers need one of these roles; others get 403 with `refusal`. */
  roles?: { oneOf: readonly Role[]; refusal: string };
  /** Every `{param}` of the path, described; they arrive as strings. */
  params?: TObject;
  query?: TObject;
  body?: { schema: TSchema; media: 'application/json' | 'application/xml'; description?: string };
  /** The success answers by status. */
  answers: Record<number, Answer>;
  /** The problem answers: a status alone has its usual meaning; with a text, what it means here. */
  problems: ReadonlyArray<ProblemStatus | readonly [ProblemStatus, string]>;
  /**
   * Still answers while the session's user must change a one-time password; every other route that
   * needs a session answers 403 then (issue 15).
   */
  whilePasswordMustChange?: true;
  /** Only registered when the server runs with TEST_CLOCK=1. */
  testClockOnly?: true;
  /** Its answers carry no case data or session, so they may be cached; every other answer is no-store. */
  cacheable?: true;
}

export const path = <T extends TProperties>(properties: T) => Type.Object(properties);
export const definitionKey = Type.String({ description: 'The definition key: the BPMN process id.' });
export const definitionVersion = Type.Integer({ minimum: 1, description: 'The definition version, counting from 1.' });

export const json = (schema: TSchema, description: string): Answer => ({ description, schema });
export const xml = (description: string): Answer => ({ description, media: 'application/xml' });

export const NOT_OWNER: readonly [ProblemStatus, string] = [
  403,
  'Not a `proceseigenaar`, or the X-CSRF-Token header is missing or wrong.',
];

/** A query flag: `true` switches it on, any other value leaves it off. */
export const flag = (description: string) =>
  Type.Optional(Type.String({ description: `${description} \`true\` to switch on.` }));
