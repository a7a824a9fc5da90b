import type { SandboxRequest, SandboxResponse } from './http';

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

/** A route as the fault injector and the counters name it: "POST /users/:userId/wallets". */
export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
  /** True when a 2xx answer changes provider state (counted as a side effect). */
  mutates: boolean;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, opts: { mutates?: boolean } = {}): this {
    this.routes.push({ method, pattern, handler, mutates: opts.mutates ?? method !== 'GET' });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler, opts?: { mutates?: boolean }): this {
    return this.add('POST', pattern, handler, opts);
  }

  put(pattern: string, handler: Handler, opts?: { mutates?: boolean }): this {
    return this.add('PUT', pattern, handler, opts);
  }

  delete(pattern: string, handler: Handler): this {
    return this.add('DELETE', pattern, handler);
  }

  match(method: string, path: string): RouteMatch | 'method-not-allowed' | undefined {
    const parts = split(path);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchPattern(split(route.pattern), parts);
      if (!params) continue;
      if (route.method === method) return { route, params };
      pathMatched = true;
    }
    return pathMatched ? 'method-not-allowed' : undefined;
  }
}

export function routeName(route: Pick<Route, 'method' | 'pattern'>): string {
  return `${route.method} ${route.pattern}`;
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

function matchPattern(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) params[pattern[i].slice(1)] = decodeURIComponent(parts[i]);
    else if (pattern[i] !== parts[i]) return undefined;
  }
  return params;
}
