import { Inject, Injectable } from '@nestjs/common';
import { recordDenial, type RequestContext } from '@daicho/access';
import {
  PDF_CONTENT_TYPE,
  pdfFile,
  type CheckpointStamp,
  type DocumentFile,
  fileDigest,
} from '@daicho/documents';
import { RecordReader } from '@daicho/holdings';
import { CheckpointStamps, Ledger, type LedgerDetails } from '@daicho/ledger';
import {
  AppConfig,
  ConflictError,
  ForbiddenError,
  LedgerAction,
  todayInJapan,
  type Lang,
} from '@daicho/platform';
import type { LetterData, RequestOffice } from '../letters/letter-data';
import { letterDocument } from '../letters/request-letters';
import { DisclosureMethod, RequestKind, RequestLetter, RequestStatus } from '../request-enums';
import { visibleRequest, visibleRequests } from '../request/request-access';
import { requestSteps, type RequestStepsView } from '../request/request-details';
import { REQUEST_PURPOSE } from '../request/request-intake.service';
import { MissingItem, type RequestRow } from '../request/request-row';
import { catalogLabels } from './catalog-labels';
import { disclosureFiles, packageFile } from './disclosure-package';
import { AccessProofs, type AccessProofSet } from './access-proofs';
import { RequestAnswer, type Copy } from './request-answer';

/** Whether the answer was sent (RESPONDED or CLOSED). */
const answered = (row: RequestRow) =>
  row.status === RequestStatus.RESPONDED || row.status === RequestStatus.CLOSED;

/** Whether the answer was sent, read with the request's row share-locked (respond locks it). */
async function answeredNow(tx: RequestContext, row: RequestRow): Promise<boolean> {
  const [now] = await tx.manager.query<{ status: RequestStatus }[]>(
    `SELECT status FROM data_subject_requests WHERE id = $1 FOR SHARE`,
    [row.id],
  );
  return answered({ ...row, status: now?.status ?? row.status });
}

/**
 * The letters of a request as PDF (policy "Procedures" §5: the answer goes by sealed letter):
 * acknowledgement, request for missing items, the response, the notice of refusal. Each carries
 * the request's number and dates and the ledger checkpoint current when it was made, and each
 * download is an EXPORT entry naming that checkpoint, so an auditor can tie a letter to the log.
 * The CPO gets the full letter until the answer is sent; the auditor (and, after, everyone) a
 * copy without the requester's or the person's data. Each EXPORT entry holds the file's SHA-256.
 */
@Injectable()
export class RequestLetters {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly ledger: Ledger,
    private readonly stamps: CheckpointStamps,
    private readonly records: RecordReader,
    private readonly answer: RequestAnswer,
    private readonly proofs: AccessProofs,
  ) {}

  get office(): RequestOffice {
    return { ...this.config.privacyOffice, feeYen: this.config.REQUEST_FEE_YEN };
  }

  async letter(
    ctx: RequestContext,
    id: string,
    which: RequestLetter,
    lang: Lang,
  ): Promise<DocumentFile> {
    if (visibleRequests(ctx, 1)?.text !== 'TRUE') {
      throw await recordDenial(
        ctx,
        { operation: 'export RequestLetter', type: 'DataSubjectRequest', id },
        new ForbiddenError(`Your role (${ctx.role}) may not download the letters of requests.`),
      );
    }
    const runsRequests = ctx.ability.can('update', 'DataSubjectRequest');
    return ctx.transaction(async (tx) => {
      const row = await visibleRequest(tx, id);
      // Once the answer went out, a letter made again from today's data would not be the one
      // sent: the CPO then gets the audit copy too; what was sent is the digest in its EXPORT entry.
      // The status is read under a share lock, so an answer being recorded is waited for.
      const copy: Copy = runsRequests && !(await answeredNow(tx, row)) ? 'FULL' : 'AUDIT';
      const steps = await requestSteps(tx, row);
      if (!steps.letters.includes(which)) {
        throw new ConflictError(
          `Request ${row.number} has no ${which} letter yet: it has ${steps.letters.join(', ')}.`,
        );
      }
      const checkpoint = await this.stamps.latest(tx.manager);
      const data = await this.withProofs(
        await this.letterData(tx, row, steps, which, copy, checkpoint),
      );
      const body = await pdfFile(letterDocument(which, data.letter, lang));
      await this.recordExport(
        tx,
        row,
        { targetType: 'RequestLetter', copy, letter: data.letter },
        {
          letter: which,
          lang,
          copy,
          treeSize: checkpoint.treeSize,
          rootHash: checkpoint.rootHash,
          sha256: fileDigest(body),
        },
      );
      return {
        filename: `${row.number}-${which}-${lang}.pdf`,
        contentType: PDF_CONTENT_TYPE,
        body,
      };
    });
  }

  /**
   * An electronic disclosure (APPI art. 33(1)) in one download: the response letter, the same
   * content as JSON and CSV, and the proofs of the accesses listed (CPO only: it holds values).
   */
  async disclosurePackage(ctx: RequestContext, id: string, lang: Lang): Promise<DocumentFile> {
    if (!ctx.ability.can('update', 'DataSubjectRequest')) {
      throw await recordDenial(
        ctx,
        { operation: 'export DisclosurePackage', type: 'DataSubjectRequest', id },
        new ForbiddenError(`Your role (${ctx.role}) may not download a person's disclosure.`),
      );
    }
    return ctx.transaction(async (tx) => {
      const row = await visibleRequest(tx, id);
      if (await answeredNow(tx, row)) {
        throw new ConflictError(
          `Request ${row.number} was answered: its disclosure is not made again from today's data. The package sent is identified by the digest in its EXPORT entry.`,
        );
      }
      const steps = await requestSteps(tx, row);
      if (
        row.kind !== RequestKind.DISCLOSURE ||
        row.disclosure_method !== DisclosureMethod.ELECTRONIC ||
        !steps.execution
      ) {
        throw new ConflictError(
          `Request ${row.number} has no electronic disclosure: only a carried-out DISCLOSURE asked for ELECTRONIC has one.`,
        );
      }
      const checkpoint = await this.stamps.latest(tx.manager);
      const { letter: data, proofs } = await this.withProofs(
        await this.letterData(tx, row, steps, RequestLetter.RESPONSE, 'FULL', checkpoint),
      );
      const content = data.response;
      if (content?.kind !== RequestKind.DISCLOSURE || !proofs)
        throw new Error('a disclosure without its content');
      const letter = await pdfFile(letterDocument(RequestLetter.RESPONSE, data, lang));
      const files = disclosureFiles(data, content, proofs.document, lang);
      const file = await packageFile(row.number, lang, {
        [`${row.number}-response-${lang}.pdf`]: letter,
        'disclosure.json': files.json,
        'disclosure.csv': files.csv,
        'ledger-proofs.json': Buffer.from(`${JSON.stringify(proofs.document, null, 2)}\n`, 'utf8'),
      });
      await this.recordExport(
        tx,
        row,
        { targetType: 'DisclosurePackage', copy: 'FULL', letter: data },
        {
          lang,
          records: content.records.length,
          accesses: content.accesses.length,
          treeSize: checkpoint.treeSize,
          rootHash: checkpoint.rootHash,
          sha256: fileDigest(file.body),
        },
      );
      return file;
    });
  }

  /**
   * The EXPORT entries of a file handed out: one in the requester's name, and one for each person
   * and category whose record values it carries (a full copy; the auditor's shows none), naming
   * the items, so that the file is in those persons' footprint, the access report's bulk-export
   * count and an incident's scope like any other export of their data (APPI art. 23; the same
   * as a provisions export's). The request's counts stay on the requester's entry: a person's
   * later disclosure lists their own entries, and a count would speak of the others matched.
   */
  private async recordExport(
    tx: RequestContext,
    row: { id: string; requester_subject_id: string },
    file: { targetType: 'RequestLetter' | 'DisclosurePackage'; copy: Copy; letter: LetterData },
    details: LedgerDetails,
  ): Promise<void> {
    const content = file.letter.response;
    const carried = new Map<
      string,
      { subjectId: string; categoryCode: string; fields: string[] }
    >();
    if (content?.kind === RequestKind.DISCLOSURE && file.copy === 'FULL') {
      for (const r of content.records) {
        if (r.itemKeys.length === 0) continue;
        const key = `${r.subjectId}|${r.categoryCode}`;
        const fields = new Set([...(carried.get(key)?.fields ?? []), ...r.itemKeys]);
        carried.set(key, {
          subjectId: r.subjectId,
          categoryCode: r.categoryCode,
          fields: [...fields],
        });
      }
    }
    const { records: _records, accesses: _accesses, ...perPerson } = details;
    void _records;
    void _accesses;
    const entry = (subjectId: string, categoryCode: string) => ({
      action: LedgerAction.EXPORT,
      targetType: file.targetType,
      targetId: row.id,
      subjectId,
      categoryCode,
      purposeCode: REQUEST_PURPOSE,
    });
    await this.ledger.appendMany(tx, [
      { ...entry(row.requester_subject_id, 'REQUESTER'), details },
      ...[...carried.values()].map((p) => ({
        ...entry(p.subjectId, p.categoryCode),
        fields: p.fields.sort(),
        details: perPerson,
      })),
    ]);
  }

  /** A disclosure's accesses with their inclusion proofs against the letter's checkpoint. */
  private async withProofs(
    letter: LetterData,
  ): Promise<{ letter: LetterData; proofs: AccessProofSet | null }> {
    const content = letter.response;
    if (content?.kind !== RequestKind.DISCLOSURE) return { letter, proofs: null };
    const proofs = await this.proofs.forAccesses(
      content.accesses.map((a) => a.seq),
      letter.checkpoint.treeSize,
    );
    return { letter: { ...letter, response: { ...content, proofs: proofs.inclusion } }, proofs };
  }

  private async letterData(
    tx: RequestContext,
    row: RequestRow,
    steps: RequestStepsView,
    which: RequestLetter,
    copy: Copy,
    checkpoint: CheckpointStamp,
  ): Promise<LetterData> {
    const auditCopy = { ja: '（監査用写し：氏名等は記載しません）', en: '(audit copy: no names)' };
    let addressee: LetterData['addressee'] = { name: auditCopy.ja, address: null };
    let agentName = '—';
    if (copy === 'FULL') {
      const { values } = await this.records.read(tx, row.requester_record_id, REQUEST_PURPOSE);
      addressee = { name: values.name ?? '', address: values.address ?? null };
      agentName = values.agentName ?? '';
    }
    const lastPause = steps.pauses.at(-1);
    const missing = row.missing.length > 0 ? row.missing : (lastPause?.missing ?? []);
    const labels = await catalogLabels(tx);
    const executedOn = steps.execution ? todayInJapan(new Date(steps.execution.executedAt)) : '';
    return {
      number: row.number,
      kind: row.kind,
      receivedAt: row.received_at,
      handlingStartsOn: row.handling_starts_on,
      dueOn: row.due_on,
      art39On: row.art39_on,
      madeOn: todayInJapan(),
      addressee,
      agent: row.agent_kind ? { kind: row.agent_kind, name: agentName } : null,
      office: this.office,
      disclosureMethod: row.disclosure_method,
      fee: { required: row.fee_required, amount: row.fee_amount, paid: row.fee_paid },
      missing: {
        identity: missing.includes(MissingItem.IDENTITY_DOCUMENT),
        agency: missing.includes(MissingItem.AGENCY_DOCUMENT),
        fee: missing.includes(MissingItem.FEE),
      },
      decision: steps.decision
        ? {
            outcome: steps.decision.outcome,
            grounds: steps.decision.grounds,
            exemption: steps.decision.exemption,
            decidedOn: todayInJapan(new Date(steps.decision.decidedAt)),
            withheld:
              steps.decision.withheld && !steps.decision.exemption
                ? {
                    categories: steps.decision.withheld.categoryCodes.map((code) =>
                      labels.category(code),
                    ),
                    items: steps.decision.withheld.items.map((i) => {
                      const category = labels.category(i.categoryCode);
                      const item = labels.item(i.categoryCode, i.itemKey);
                      return {
                        ja: `${category.ja}：${item.ja}`,
                        en: `${category.en}: ${item.en}`,
                      };
                    }),
                  }
                : null,
          }
        : null,
      response:
        which === RequestLetter.RESPONSE && steps.execution
          ? await this.answer.content(
              tx,
              row,
              steps.subjectIds,
              labels,
              copy,
              steps.execution,
              executedOn,
            )
          : null,
      checkpoint,
    };
  }
}
