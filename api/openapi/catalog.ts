import type { Express } from 'express';
import { routeDocOf, type RouteDoc } from './describe';

/** One route the app serves: method, express path (`/cases/:id`), OpenAPI path (`/cases/{id}`), its doc. */
export interface CatalogEntry {
  method: string;
  path: string;
  template: string;
  doc: RouteDoc | undefined;
  pattern: RegExp;
}

interface LayerLike {
  route?: { path: unknown; methods: Record<string, boolean>; stack: Array<{ handle: unknown }> };
  handle?: { stack?: LayerLike[] };
}

/**
 * Every route of the app, read from express's router stack (routers mounted at the root, as ours are).
 * Reading the mounted routes rather than a separate list means the document cannot name a route that is
 * not served, and a test can find a served route that is not documented.
 */
export function catalogOf(app: Express): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  const walk = (stack: LayerLike[]) => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === 'string') {
        const doc = layer.route.stack.map((l) => routeDocOf(l.handle)).find((d) => d !== undefined);
        for (const method of Object.keys(layer.route.methods)) {
          if (method === '_all') continue;
          out.push({
            method,
            path: layer.route.path,
            template: toTemplate(layer.route.path),
            doc,
            pattern: toPattern(layer.route.path),
          });
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app.router as unknown as { stack: LayerLike[] }).stack);
  return out;
}

/** `/tasks/:id/complete` → `/tasks/{id}/complete`. */
export function toTemplate(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/** Matches a request path the way express does by default: case-insensitive, optional trailing slash. */
function toPattern(path: string): RegExp {
  const source = path
    .split(/(:\w+)/)
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`, 'i');
}

/** The catalog's routes for a request path (any method): empty means the path is unknown. */
export function routesFor(catalog: CatalogEntry[], path: string): CatalogEntry[] {
  return catalog.filter((e) => e.pattern.test(path));
}
