import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { toInt } from './config-transforms';

/**
 * The settings of requests from the person (APPI arts. 32–39): the internal target, the fee and
 * the office the forms and letters name; and the target of complaints (art. 40), which the same
 * office answers. Part of AppConfig (its environment variables).
 */
export class RequestSettings {
  /**
   * Business days from the day handling starts to a request's internal target (its dueOn). The
   * law says "without delay" and lets the person sue two weeks after arrival (APPI art. 39).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  REQUEST_TARGET_BUSINESS_DAYS = 10;

  /**
   * Business days from the day handling of a complaint starts (as for a request: the day it
   * arrives if a business day before closing, else the next one) to its target date. APPI art. 40
   * and policy §8 ask for a prompt answer without a number; 10 matches the requests' target.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  COMPLAINT_TARGET_BUSINESS_DAYS = 10;

  /**
   * The most ledger entries one addScopeFromLedger call takes into an incident's scope: they are
   * held, verified and kept as evidence in one transaction under the incident's lock, and a busy
   * integration key's day is millions. A longer window is added in parts.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  INCIDENT_SCOPE_MAX_ENTRIES = 100_000;

  /** The fee for a notification of purposes or a disclosure, in yen (APPI art. 38; policy: 1,000). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  REQUEST_FEE_YEN = 1000;

  /** Where requests are sent, as the forms and letters print it (policy "Procedures" §1). */
  @IsString()
  @MinLength(1)
  REQUEST_OFFICE_NAME_JA = '個人情報センター（個人情報保護管理者：管理部長）';

  @IsString()
  @MinLength(1)
  REQUEST_OFFICE_NAME_EN =
    'Personal Information Center (Chief Privacy Officer: Administrative Manager)';

  @IsString()
  @MinLength(1)
  REQUEST_OFFICE_ADDRESS_JA =
    '〒542-0086 大阪府大阪市中央区西心斎橋2-1-5 日本生命御堂筋八幡町ビル3階';

  @IsString()
  @MinLength(1)
  REQUEST_OFFICE_ADDRESS_EN =
    'Nihonseimei Midousuji Hachimancho Bldg., 3rd Floor, 2-1-5 Nishishinsaibashi, Chuo-ku, Osaka 542-0086, Japan';

  @IsString()
  @MinLength(3)
  REQUEST_OFFICE_EMAIL = 'gyomu@rococo.co.jp';

  /** The business operator as the public notice names it (APPI art. 32(1)(i)). */
  @IsString()
  @MinLength(1)
  BUSINESS_NAME_JA = '株式会社ロココ';

  @IsString()
  @MinLength(1)
  BUSINESS_NAME_EN = 'Rococo Co., Ltd.';

  @IsString()
  @MinLength(1)
  BUSINESS_REPRESENTATIVE_JA = '代表取締役社長 長谷川 和彦';

  @IsString()
  @MinLength(1)
  BUSINESS_REPRESENTATIVE_EN = 'President and Representative Director Kazuhiko Hasegawa';

  /** The operator, its representative and its address (the office's, unless set apart). */
  get businessOperator() {
    return {
      name: { ja: this.BUSINESS_NAME_JA, en: this.BUSINESS_NAME_EN },
      representative: { ja: this.BUSINESS_REPRESENTATIVE_JA, en: this.BUSINESS_REPRESENTATIVE_EN },
      address: { ja: this.REQUEST_OFFICE_ADDRESS_JA, en: this.REQUEST_OFFICE_ADDRESS_EN },
    };
  }

  /** The office that answers for the company's personal information, as documents print it. */
  get privacyOffice() {
    return {
      name: { ja: this.REQUEST_OFFICE_NAME_JA, en: this.REQUEST_OFFICE_NAME_EN },
      address: { ja: this.REQUEST_OFFICE_ADDRESS_JA, en: this.REQUEST_OFFICE_ADDRESS_EN },
      email: this.REQUEST_OFFICE_EMAIL,
    };
  }
}
