// The neutral payment message model that both the SWIFT MT and the ISO 20022 parsers produce, so
// that screening sees one shape: parties and agents with the field they came from, and free text.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace embargo::payments {

enum class MessageFormat { kMt, kIso20022 };

// What a party is, as far as its field tells: agents and OrgId parties are organisations, PrvtId
// and 50F/59F parties with a birth date are persons; 50K/59 names could be either.
enum class PartyNature { kUnknown, kPerson, kOrganization };

// An identifier carried by a party: 50F line 6/7 or the 50F party identifier, ISO Othr ids,
// clearing-system member ids. `scheme` is the code as written ("CCPT", "NIDN", "TXID", "CUST").
struct PartyId {
  std::string scheme;
  std::string value;
  std::string country;  // ISO 3166 alpha-2 when the field gives one
};

struct Party {
  std::string field;     // MT tag ("50K", "59F", "57A") or ISO path ("Dbtr", "UndrlygCstmrCdtTrf/CdtrAgt")
  std::string role;      // "ordering customer", "beneficiary", "debtor agent", ...
  bool institution = false;  // a financial institution (agent), screened as an organisation
  PartyNature nature = PartyNature::kUnknown;
  std::string name;      // name lines joined with a space; empty when the field gives none
  // A second reading of the name when the field leaves it open whether a line continues the name
  // or starts the address (50K/59: "ALPHA TRADING" / "COMPANY"): both are screened.
  std::string other_name;
  // The lines of a name given on several (50F/59F "1/" and the "8/" after them), as written; empty
  // for a name on one line. A line may name a second party (a joint account).
  std::vector<std::string> name_lines;
  std::vector<std::string> address_lines;  // as written, structured ISO parts joined into one line
  std::string country;   // ISO 3166 alpha-2 when given (ISO Ctry, 50F/59F line 3) or read from the address
  // address_lines[0, street_lines) are street lines of a structured address (ISO StrtNm, BldgNb,
  // PstCd, ... joined; 50F/59F line 2/): a place named there names a street, not where the party
  // is. The other lines are unstructured (ISO AdrLine, 50K/59 lines).
  size_t street_lines = 0;
  std::string town;      // ISO TwnNm (with TwnLctnNm, DstrctNm), 50F/59F line 3/ after the country
  std::string country_subdivision;
  std::string bic;       // BIC8 or BIC11, upper case
  std::string lei;
  // ISO: where the BIC and LEI stand below `field` ("FinInstnId/BICFI", "Id/OrgId/AnyBIC"); empty
  // for MT, where the field is the place.
  std::string bic_path, lei_path;
  std::string account;   // account or IBAN as written (without the leading '/')
  std::string birth_date;     // as written: YYYYMMDD (50F) or YYYY-MM-DD (ISO)
  std::string birth_place;
  std::string birth_country;  // ISO alpha-2
  std::string residence_country;  // ISO CtryOfRes
  std::vector<PartyId> ids;
  size_t line = 0;       // 1-based line in the input where the field starts (0 when unknown)
};

// A free-text field: MT 70, 72, 77B, 79; ISO RmtInf, Purp, RgltryRptg, InstrForCdtrAgt/InstrForNxtAgt;
// and text the parser could not place ("unparsed": text outside the blocks, after an XML error).
struct FreeText {
  std::string field;  // "70", "72", "RmtInf/Ustrd", "RgltryRptg", "unparsed"
  std::vector<std::string> lines;
  std::vector<std::string> countries;  // ISO Ctry codes inside the element (RgltryRptg, RltdRmtInf), 77B /BENEFRES/CC//
  size_t line = 0;
};

// A fault in the message's structure that the parser read past (a block not closed, text after the
// trailer, a field that is not what its tag says). The message is screened as far as it could be
// read, and each fault is a REVIEW finding of its own: a broken message is never clear.
struct FormatFault {
  size_t line = 0;    // 1-based line in the input (0 when unknown)
  std::string field;  // MT tag or ISO path when the fault lies in one, else empty
  std::string what;   // the fault, in words ("block 4 is not closed by '-}'")
  // "line 12, field 59: what" (the form parse errors have always had).
  std::string Text() const;
};

// The faults in one line ("; " between them), or "line N: no party, BIC or text" when there are none.
std::string FaultText(const std::vector<FormatFault>& faults, size_t line);

struct PaymentMessage {
  MessageFormat format = MessageFormat::kMt;
  std::string type;        // "MT103", "MT202", "MT202COV", "pacs.008.001.08", "pacs.009.001.08", ...
  bool cover = false;      // MT202COV, or pacs.009 with UndrlygCstmrCdtTrf
  std::string reference;   // MT field 20; ISO GrpHdr/MsgId
  std::string uetr;        // MT {121:}; ISO PmtId/UETR of the first transaction
  // Every transaction's UETR, in order, "" for one without (MT: {121:}): a verdict names each.
  std::vector<std::string> uetrs;
  // MT 32A; ISO IntrBkSttlmAmt/@Ccy when every transaction settles in it (else empty: see
  // `currencies`). The amount as written ("1000000,00", "65784.32"), of several ISO transactions
  // their sum ("350.50").
  std::string currency;
  std::string amount;
  std::string value_date;  // MT 32A YYMMDD; ISO IntrBkSttlmDt
  // Every ISO 4217 currency the message's amounts and accounts are in, with its field: MT "32A",
  // "33B", "71F", "71G"; ISO "IntrBkSttlmAmt", "CdtTrfTxInf[2]/InstdAmt", "DbtrAcct/Ccy", ...
  std::vector<std::pair<std::string, std::string>> currencies;  // field, code
  std::vector<Party> parties;  // in message order; sender and receiver first
  std::vector<FreeText> free_text;
  std::vector<std::string> warnings;  // tolerated irregularities that need no review (a stray '{', another version)
  std::vector<FormatFault> faults;    // structural faults read past; each is a REVIEW finding
  size_t first_line = 1;   // 1-based line of the message in its input (RJE batches)
};

// Whether a message of several transactions gives any of them a UETR: a verdict then names each.
inline bool HasSeveralUetrs(const PaymentMessage& m) {
  return m.uetrs.size() > 1 && std::any_of(m.uetrs.begin(), m.uetrs.end(),
                                               [](const std::string& u) { return !u.empty(); });
}

}  // namespace embargo::payments
