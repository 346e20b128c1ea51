import type { CheckpointStamp, LocalizedText } from '@daicho/documents';
import type {
  AgentKind,
  DisclosureExemption,
  DisclosureMethod,
  RefusalGround,
  RequestKind,
  RequestOutcome,
} from '../request-enums';

/** Where requests go, as forms and letters print it (policy "Procedures" §1, §4). */
export interface RequestOffice {
  name: LocalizedText;
  address: LocalizedText;
  email: string;
  /** The fee for a notification of purposes or a disclosure (APPI art. 38). */
  feeYen: number;
}

/**
 * Everything a letter about one request prints. Calendar days are YYYY-MM-DD (days in Japan);
 * codes are the enums' and ledger's, printed through LABELS; names and values are the person's
 * own words. Nothing here is read from the database by the letters: the caller maps it.
 */
export interface LetterData {
  number: string;
  kind: RequestKind;
  receivedAt: Date;
  handlingStartsOn: string;
  /** The internal target (moved by pauses). */
  dueOn: string;
  /** Arrival + 14 days: the end of the two weeks of APPI art. 39(1). */
  art39On: string;
  /** The day the letter is dated. */
  madeOn: string;
  /** The person; a letter goes to the person's address (policy "Procedures" §5). */
  addressee: { name: string; address: string | null };
  agent: { kind: AgentKind; name: string } | null;
  office: RequestOffice;
  disclosureMethod: DisclosureMethod | null;
  fee: { required: boolean; amount: number; paid: number };
  missing: { identity: boolean; agency: boolean; fee: boolean };
  decision: {
    outcome: RequestOutcome;
    grounds: RefusalGround[];
    exemption: DisclosureExemption | null;
    decidedOn: string;
    /**
     * The part a PARTIAL decision holds back, named (art. 36); null when nothing is, or when an
     * exemption keeps even its existence from the person.
     */
    withheld: { categories: LocalizedText[]; items: LocalizedText[] } | null;
  } | null;
  response: ResponseContent | null;
  /** The ledger checkpoint the letter was built on. */
  checkpoint: CheckpointStamp;
}

/** One ledger entry about the person's data, as a disclosure shows it (codes, not values). */
export interface DisclosedAccess {
  /** The entry's sequence number in the ledger. */
  seq: number;
  at: Date;
  /** A LedgerAction. */
  action: string;
  /** A Role. */
  role: string;
  department: string | null;
  purpose: LocalizedText | null;
  items: LocalizedText[];
}

/** An RFC 9162 inclusion proof of one entry against the letter's checkpoint. */
export interface InclusionProof {
  seq: number;
  /** The entry's index in the tree (seq − 1). */
  leafIndex: number;
  /** SHA-256(0x00 ‖ canonical entry), hex. */
  leafHash: string;
  /** Sibling hashes from the leaf up, hex. */
  auditPath: string[];
}

export interface DisclosedRecord {
  category: LocalizedText;
  recordId: string;
  /** Whose record, of which category, which items: for a letter's EXPORT entries; never printed. */
  subjectId: string;
  categoryCode: string;
  itemKeys: string[];
  collectedOn: string;
  items: { label: LocalizedText; value: string }[];
  /** Items held back (art. 33(2)); the decision's grounds say why. */
  withheld: LocalizedText[];
}

/** What the answer carries, per kind of request. */
export type ResponseContent =
  | {
      kind: RequestKind.PURPOSE_NOTICE;
      categories: { name: LocalizedText; purposes: LocalizedText[] }[];
    }
  | {
      kind: RequestKind.DISCLOSURE;
      records: DisclosedRecord[];
      accesses: DisclosedAccess[];
      proofs: InclusionProof[];
    }
  | {
      kind: RequestKind.PROVISION_RECORDS;
      /** `route` is a ProvisionRoute (APPI art. 27). */
      provisions: {
        providedOn: string;
        recipient: string;
        route: string;
        items: LocalizedText[];
      }[];
      receipts: { receivedOn: string; provider: string; items: LocalizedText[] }[];
    }
  | {
      kind: RequestKind.CORRECTION;
      changes: { category: LocalizedText; recordId: string; items: LocalizedText[] }[];
    }
  | { kind: RequestKind.SUSPENSION_OR_ERASURE; action: 'SUSPENDED' | 'ERASED'; records: number }
  | { kind: RequestKind.STOP_PROVISION; since: string };
