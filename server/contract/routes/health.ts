import { Type } from '@sinclair/typebox';
import { Health } from '../api';
import { json, type RouteSpec } from './route-spec';

/** Whether the server accepts work, and the document describing it. */
export const HEALTH_ROUTES = {
  getHealth: {
    method: 'get',
    path: '/health',
    tag: 'Health',
    summary: 'Health check',
    description: 'Answers 200 once the server accepts work. Needs no login.',
    access: 'public',
    answers: { 200: json(Health, 'The server accepts work.') },
    problems: [],
    cacheable: true,
  },
  getOpenApiDocument: {
    method: 'get',
    path: '/openapi.json',
    tag: 'Health',
    summary: 'This OpenAPI document',
    access: 'public',
    answers: { 200: json(Type.Object({}, { additionalProperties: true }), 'The OpenAPI 3.1 document.') },
    problems: [],
    cacheable: true,
  },
} satisfies Record<string, RouteSpec>;
