/**
 * The REST contract of ../shared/API.md, written once as TypeBox schemas (JSON Schema), one file
 * per area. This file is the one import point: it re-exports every area, so callers never need
 * to know which file holds a schema. The TypeScript types are derived from the schemas (same
 * names), the server validates requests against them (server/http/validation.ts) and the OpenAPI
 * document is generated from them and the route table (./routes.ts). The client imports this
 * file with `import type` only, so its bundle never carries TypeBox.
 *
 * A schema's `$id` is its name in the OpenAPI document's components.
 */

export * from './admin';
export * from './cases';
export * from './common';
export * from './decisions';
export * from './definitions';
export * from './figures';
export * from './forms';
export * from './health';
export * from './history';
export * from './instances';
export * from './intake';
export * from './migrations';
export * from './notifications';
export * from './oidc';
export * from './session';
export * from './statistics';
export * from './tasks';
