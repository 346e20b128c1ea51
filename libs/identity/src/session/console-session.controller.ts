import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { AppConfig, ChangesSettledInterceptor, NotFoundError } from '@daicho/platform';
import {
  consoleSessionToken,
  Ctx,
  MfaStep,
  Public,
  RequestContext,
  SelfService,
  SESSION_COOKIE,
} from '@daicho/access';
import type { Request, Response } from 'express';
import { EmailAddress, PasswordText } from '../common/validation';
import { TotpService } from '../mfa/totp.service';
import { SessionService, clientLeft, type LoginResult } from './session.service';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ConsoleMfaBody {
  @IsOptional()
  @IsString()
  @MaxLength(16)
  code?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  recoveryCode?: string;
}

export class ConsoleLoginBody {
  @EmailAddress()
  email!: string;
  @PasswordText()
  password!: string;
}

/** The console's session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS, until the session ends. */
export function setSessionCookie(req: Request, res: Response, result: LoginResult): void {
  res.cookie(SESSION_COOKIE, result.token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    expires: result.expiresAt,
  });
}

/**
 * The web console's sign-in: the same sessions as the API's `login`, but the token goes into an
 * HttpOnly, SameSite=Strict cookie (Secure over HTTPS) that no script can read, instead of the
 * answer. The console's calls then carry the cookie and its own header (CONSOLE_HEADER).
 */
@Controller('console/session')
@UseInterceptors(ChangesSettledInterceptor)
export class ConsoleSessionController {
  constructor(
    private readonly sessions: SessionService,
    private readonly totp: TotpService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** With the console off, its sign-in is no route at all. */
  private enabled(): void {
    if (!this.config.CONSOLE_ENABLED) throw new NotFoundError('There is no such page.');
  }

  /** POST /console/session {email, password} → {mustChangePassword, expiresAt} and the cookie. */
  @Public()
  @Post()
  @HttpCode(200)
  async login(
    @Body() body: ConsoleLoginBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    this.enabled();
    const id: unknown = (req as { id?: unknown }).id;
    const requestId = typeof id === 'string' ? id : '';
    const result = await this.sessions.login(body.email, body.password, requestId, req.ip, () =>
      clientLeft(req),
    );
    this.setCookie(req, res, result);
    return {
      mustChangePassword: result.mustChangePassword,
      mfaRequired: result.mfaRequired,
      expiresAt: result.expiresAt,
    };
  }

  /**
   * POST /console/session/mfa {code} or {recoveryCode}: the second step of a console sign-in
   * (the cookie's waiting session), answered with a new cookie for the full session.
   */
  @MfaStep()
  @Post('mfa')
  @HttpCode(200)
  async secondStep(
    @Ctx() ctx: RequestContext,
    @Body() body: ConsoleMfaBody,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    this.enabled();
    const result = await this.totp.complete(ctx, body, req.ip);
    this.setCookie(req, res, result);
    return { mustChangePassword: result.mustChangePassword, expiresAt: result.expiresAt };
  }

  private setCookie(req: Request, res: Response, result: LoginResult): void {
    setSessionCookie(req, res, result);
  }

  /** POST /console/session/logout: the session revoked, the cookie cleared. */
  @SelfService()
  @Post('logout')
  @HttpCode(200)
  async logout(
    @Ctx() ctx: RequestContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    this.enabled();
    // The cookie's session ends too when the call came with a bearer token as well.
    await this.sessions.logout(ctx, consoleSessionToken(req.headers));
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/' });
    return { loggedOut: true };
  }
}
