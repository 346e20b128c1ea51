import { AuditTrail } from '@daicho/platform';
import { randomUUID } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RequestContext, SYSTEM_ACTOR } from '@daicho/access';
import { CatalogSeeder } from '@daicho/inventory';
import { DataSource } from 'typeorm';
import { ProvisionRuleService } from './provision-rule.service';
import { STANDING_RULES } from './standing-rules';

/**
 * Loads the policy's standing provision rules with the catalog (after it: they name its
 * recipients and categories). Missing rules are created; existing ones are left as they are.
 */
@Injectable()
export class ProvisionRuleSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly catalog: CatalogSeeder,
    private readonly rules: ProvisionRuleService,
    private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.catalog.load();
    const ctx = RequestContext.forActor(
      { ...SYSTEM_ACTOR, id: 'system:catalog-seed' },
      randomUUID(),
      this.dataSource,
      this.auditTrail,
    );
    await ctx.transaction(async (tx) => {
      await tx.manager.query(
        `SELECT pg_advisory_xact_lock(hashtext('daicho.provision-rules.seed'))`,
      );
      const existing = new Set((await this.rules.list(tx)).map((r) => r.code));
      for (const rule of STANDING_RULES) {
        if (!existing.has(rule.code)) await this.rules.create(tx, rule);
      }
    });
  }
}
