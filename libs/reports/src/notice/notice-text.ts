import type { LocalizedText } from '@daicho/documents';

const t = (ja: string, en: string): LocalizedText => ({ ja, en });

/** The notice's fixed wording (APPI art. 32(1); the PPC general guidelines 3-8-1). */
export const NOTICE = {
  title: t('保有個人データに関する事項の公表', 'Public notice on retained personal data'),
  lead: t(
    '個人情報の保護に関する法律第32条第1項に基づき、当社が保有する個人データについて、次の事項を公表します。',
    'Under article 32(1) of the Act on the Protection of Personal Information, we make the following known about the personal data we retain.',
  ),
  operator: t('1. 個人情報取扱事業者', '1. The business operator'),
  name: t('名称', 'Name'),
  representative: t('代表者', 'Representative'),
  address: t('住所', 'Address'),
  purposes: t('2. 保有個人データの利用目的', '2. Purposes of use of retained personal data'),
  procedure: t(
    '3. 利用目的の通知、開示、訂正等、利用停止等の請求の手続',
    '3. How to request notification of purposes, disclosure, correction, suspension of use and the like',
  ),
  procedureText: t(
    '本人又はその代理人は、下記の窓口に書面又は電子メールで請求することができます。本人確認（代理人の場合は代理権の確認）を行った上で、遅滞なく対応します。開示は書面又は電磁的記録のうち請求の方法により行い、第三者提供記録の開示も請求できます。',
    'The person or their agent may send a request to the office below, in writing or by e-mail. After confirming identity (and, for an agent, the authority to act), we answer without delay. Disclosure is made in writing or electronically as requested; the records of provision to third parties can also be requested.',
  ),
  fee: t('手数料', 'Fee'),
  feeText: t(
    '利用目的の通知及び開示の請求 1件につき',
    'per request for notification of purposes or for disclosure',
  ),
  office: t('窓口', 'Office'),
  security: t(
    '4. 保有個人データの安全管理のために講じた措置',
    '4. Security control measures taken',
  ),
  securityCommon: t(
    '個人情報保護方針の策定、取扱規程の整備、従業者の教育と監督、委託先の監督、アクセス権限の管理と全アクセスの改ざん検知可能な記録（台帳）、個人データの暗号化。',
    'A privacy policy and handling rules; training and supervision of staff; supervision of contractors; access rights management and a tamper-evident record of every access (the ledger); encryption of personal data.',
  ),
  complaints: t('5. 苦情の申出先', '5. Where to complain'),
  complaintsText: t(
    '当社の取扱いに関する苦情は上記の窓口で受け付けます。当社は認定個人情報保護団体である一般財団法人日本情報経済社会推進協会（JIPDEC）の対象事業者であり、同協会の個人情報保護苦情相談室にも申し出ることができます。',
    'Complaints about our handling are received at the office above. We are a member of JIPDEC (Japan Institute for Promotion of Digital Economy and Community), an accredited personal information protection organisation; its personal information protection complaints office also accepts them.',
  ),
  asOf: t(
    'この内容は個人情報管理台帳の次の時点の内容に基づいています',
    'Made from the personal information management ledger as of',
  ),
};
