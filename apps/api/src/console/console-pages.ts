import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@daicho/platform';
import type { NextFunction, Request, Response } from 'express';

/**
 * The console's content policy: its own bundled files only — no inline script or style element,
 * no other origin contacted, never framed (OWASP CSP cheat sheet, strict policy).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The console's pages: one application, each path its starting page. */
const PAGES = new Set(['/console', '/console/', '/console/graphiql', '/console/access']);

/**
 * Serves the built console (apps/console, `npm run build`) at /console/ with its strict policy.
 * Off by configuration (CONSOLE_ENABLED=false) or not built: nothing is mounted and /console/
 * answers 404 like any unknown path. The pages hold no data: every figure comes through the
 * API, which decides every call.
 */
export function mountConsole(app: NestExpressApplication, config: AppConfig, logger: Logger) {
  if (!config.CONSOLE_ENABLED) return;
  const dir = resolve(config.CONSOLE_DIR);
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    logger.warn(`The console is not built (${dir} has no index.html): run npm run build.`);
    return;
  }
  const policy = (res: Response) => res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  app.use('/console/assets', (_req: Request, res: Response, next: NextFunction) => {
    policy(res);
    next();
  });
  app.useStaticAssets(join(dir, 'assets'), {
    prefix: '/console/assets/',
    index: false,
    dotfiles: 'deny',
    fallthrough: true,
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !PAGES.has(req.path)) return next();
    policy(res);
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(index);
  });
}
