// A table of routes (method + path template) and the lookup that turns a request path into a route and parameters.
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './reply';

export type ServiceName = 'ims' | 'cja' | 'aep';

export interface AuthContext {
  clientId: string;
  orgId: string;
}

export interface RequestContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The caller's x-request-id, or one made up for it (AEP echoes it as `requestId`). */
  requestId: string;
  auth: AuthContext;
}

export type Handler = (ctx: RequestContext) => Reply;

export interface Route {
  method: string;
  /** Path template with `{name}` parameters, e.g. `/segments/{id}`. Also the stats key after the method. */
  template: string;
  service: ServiceName;
  handler: Handler;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; service: ServiceName; allowed: string[] }
  | { kind: 'not-found'; service: ServiceName };

export const AEP_BASE_PATH = '/data/core/ups';
export const IMS_TOKEN_PATH = '/ims/token/v3';

export function serviceOfPath(path: string): ServiceName {
  if (path === AEP_BASE_PATH || path.startsWith(AEP_BASE_PATH + '/')) return 'aep';
  if (path.startsWith('/ims/')) return 'ims';
  return 'cja';
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(route: Route): void {
    const names: string[] = [];
    const source = route.template
      .split('/')
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(param[1]);
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ ...route, regex: new RegExp(`^${source}/?$`), names });
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    let service: ServiceName | undefined;
    for (const route of this.routes) {
      const found = route.regex.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        service = route.service;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = safeDecode(found[i + 1]);
      });
      return { kind: 'found', route, params };
    }
    if (allowed.length > 0 && service) return { kind: 'method-not-allowed', service, allowed };
    return { kind: 'not-found', service: serviceOfPath(path) };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
