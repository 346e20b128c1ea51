import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { Public } from '@daicho/access';
import { AppConfig, NotFoundError } from '@daicho/platform';
import { parse } from 'cookie';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { setSessionCookie } from '../session/console-session.controller';
import { ProviderError } from './identity-provider';
import { SsoRefusedError, SsoSignIn } from './sso-sign-in';

/** The cookie that ties a return from the provider to the browser that left for it. */
const STATE_COOKIE = 'daicho_sso_state';
const STATE_PATH = '/auth/sso';
const FAILED = '/console/?sso=failed';

/**
 * The browser's way through single sign-on: GET /auth/sso (is it on?), /auth/sso/start (off to
 * the provider), /auth/sso/callback (back, with a session cookie as the console's sign-in sets
 * it, then on to the console). start and callback are 404 while single sign-on is off. Whatever
 * goes wrong (the provider down, a refusal, a spent budget), the browser lands on the console's
 * sign-in page with one line saying so; the reason is in the ledger.
 */
@Controller('auth/sso')
export class SsoController {
  constructor(
    private readonly signIn: SsoSignIn,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('SsoController');
  }

  @Public()
  @Get()
  status(): { enabled: boolean } {
    return { enabled: this.config.ssoEnabled };
  }

  @Public()
  @Get('start')
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.enabled();
    let started: Awaited<ReturnType<SsoSignIn['start']>>;
    try {
      started = await this.signIn.start(req.ip ?? 'unknown');
    } catch (error) {
      if (!(error instanceof SsoRefusedError || error instanceof ProviderError)) throw error;
      this.logger.warn({ reason: error.message }, 'single sign-on could not start');
      return res.redirect(303, FAILED);
    }
    const { state, redirectTo, maxAgeSeconds } = started;
    // Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
    res.cookie(STATE_COOKIE, state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: STATE_PATH,
      maxAge: maxAgeSeconds * 1000,
    });
    res.redirect(303, redirectTo.href);
  }

  @Public()
  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.enabled();
    const id: unknown = (req as { id?: unknown }).id;
    const requestId = typeof id === 'string' ? id : '';
    const query = new URL(req.originalUrl, 'http://callback.invalid').searchParams;
    const cookieState = parse(req.headers.cookie ?? '')[STATE_COOKIE];
    res.clearCookie(STATE_COOKIE, { httpOnly: true, sameSite: 'lax', path: STATE_PATH });
    try {
      const result = await this.signIn.finish(query, cookieState, requestId, req.ip ?? 'unknown');
      setSessionCookie(req, res, result);
      res.redirect(303, result.mfaRequired ? '/console/?sso=mfa' : '/console/');
    } catch (error) {
      if (!(error instanceof SsoRefusedError)) throw error;
      // One answer for every refusal: which check failed is in the ledger, not in the browser.
      res.redirect(303, FAILED);
    }
  }

  private enabled(): void {
    if (!this.config.ssoEnabled) throw new NotFoundError('There is no such page.');
  }
}
