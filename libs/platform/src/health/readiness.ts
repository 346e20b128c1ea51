import { Injectable } from '@nestjs/common';

/**
 * Whether this server should be sent new requests. It stops being ready when shutdown begins
 * (SIGTERM), before the HTTP server closes, so that a load balancer drains it while its
 * in-flight requests finish.
 */
@Injectable()
export class Readiness {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  drain(): void {
    this.draining = true;
  }
}
