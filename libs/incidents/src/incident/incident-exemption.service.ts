import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { HoldingsKeys, sealInFile } from '@daicho/holdings';
import { ConflictError, LedgerAction, returnedRow } from '@daicho/platform';
import { IncidentStage } from '../incident-enums';
import { IncidentReportability } from '../reportability/incident-reportability.service';
import { incidentToRun } from './incident-access';
import type { IncidentExemptionInput } from './incident.inputs';
import { IncidentRegister } from './incident-register.service';
import { INCIDENT_SELECT, incidentTextAad, type IncidentRow } from './incident-row';

/**
 * The Rule 7 exemption: an incident whose data were protected by high-grade encryption whose key
 * did not leak is not reportable (PPC Rule 7(i) proviso). The note is sealed like the rest.
 */
@Injectable()
export class IncidentExemptions {
  constructor(
    @Inject(HoldingsKeys) private readonly keys: HoldingsKeys,
    private readonly register: IncidentRegister,
    private readonly reportability: IncidentReportability,
  ) {}

  /** Records whether high-grade encryption whose key did not leak exempts the incident (Rule 7). */
  async setExemption(
    ctx: RequestContext,
    id: string,
    input: IncidentExemptionInput,
  ): Promise<IncidentRow> {
    return ctx.transaction(async (tx) => {
      const row = await incidentToRun(tx, id, 'record the encryption of');
      if (row.stage === IncidentStage.CLOSED)
        throw new ConflictError(`Incident ${row.number} is closed.`);
      const exempt = input.highGradeEncryption && !input.keyLeaked;
      const note = await sealInFile(
        tx,
        this.keys,
        row.file_id,
        incidentTextAad(row.id, 'exemptionNote'),
        input.note,
      );
      const [saved] = await tx.manager.query<IncidentRow[][]>(
        `UPDATE incidents i SET encryption_exempt = $2, sealed_exemption_note = $3,
                updated_at = now(), version = version + 1
          WHERE i.id = $1 RETURNING ${INCIDENT_SELECT}`,
        [row.id, exempt, note],
      );
      const updated = returnedRow(saved ?? [], 'incident exemption');
      await this.register.entry(tx, row, LedgerAction.INCIDENT_EXEMPTION, {
        highGradeEncryption: input.highGradeEncryption,
        keyLeaked: input.keyLeaked,
        exempt,
      });
      await this.reportability.decide(tx, updated);
      return updated;
    });
  }
}
