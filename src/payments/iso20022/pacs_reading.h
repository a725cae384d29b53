// Internal to the ISO 20022 reader (pacs_parser.h is its interface): the element helpers and the
// parser that pacs_parser.cc (the message, faults and what nothing read), pacs_parties.cc
// (parties, agents, addresses, free text), pacs_credit_transfer.cc (pacs.008/pacs.009's
// transactions and amounts) and pacs_header.cc (head.001) share.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/line_index.h"
#include "embargo/status.h"
#include "payments/message.h"

namespace embargo::payments::pacs {

// The first child element of `n` with the local name `name` (namespace prefixes ignored).
pugi::xml_node Child(const pugi::xml_node& n, std::string_view name);
bool HasElementChild(const pugi::xml_node& n);
// A field's value: all the text below it, in document order, as XML reads an element's value;
// elements inside a field are a fault of their own (MixedContent), their text is still read.
std::string ValueOf(const pugi::xml_node& n);
// A party element that names someone: a name, a BIC or an identifier with text. One that holds
// only a country or an address, or nothing, leaves nobody to screen.
inline constexpr const char* kNamesNoParty = "names no party: no name, BIC or identifier to screen";
bool NamesAParty(const pugi::xml_node& party);
// Upper case letters and digits only: "deut de ff" -> "DEUTDEFF".
std::string BicKey(std::string_view s);
bool IsPartyName(std::string_view n);
bool IsAgentName(std::string_view n);
bool IsTextName(std::string_view n);
bool IsBody(std::string_view n);
bool IsAccountName(std::string_view n);
// "debtor", "intermediary agent 2", "sender": the role an element names.
std::string RoleOf(std::string_view n);
// "Document/FIToFICstmrCdtTrf/CdtTrfTxInf/Cdtr/Nm": local names from the root (depth is bounded).
std::string PathOf(pugi::xml_node n);

// The first elements of a document named Document, AppHdr and FIToFICstmrCdtTrf or FICdtTrf,
// wherever they sit (bare, in an Envelope, a <Message> or any other wrapper). Iterative.
// Also what is read with a fault: a second Document or message body (only the first is read),
// and elements holding both text and elements (read as their whole text).
struct Landmarks : pugi::xml_tree_walker {
  pugi::xml_node document, header, body;
  std::vector<pugi::xml_node> seconds, mixed;
  bool for_each(pugi::xml_node& n) override;
};

// ISO 20022 parser for pacs.008.001.08 (FIToFICstmrCdtTrf) and pacs.009.001.08 (FICdtTrf, with
// the COV variant's UndrlygCstmrCdtTrf), bare Document or CBPR+ Envelope with AppHdr.
class PacsParser {
 public:
  explicit PacsParser(std::string_view xml) : xml_(xml), lines_(xml) {}
  StatusOr<PaymentMessage> Parse();

 private:
  size_t Line(const pugi::xml_node& n) { return lines_.LineOf(n.offset_debug()); }
  void Fault(const pugi::xml_node& n, const std::string& path, const std::string& what) {
    msg_.faults.push_back({Line(n), path, what});
  }
  // Reading a value marks its element, and all below it, read: Sweep screens what nothing read.
  std::string Text(const pugi::xml_node& n);
  std::string ChildText(const pugi::xml_node& n, std::string_view name) { return Text(Child(n, name)); }
  void MarkRead(const pugi::xml_node& n);
  // Below `node`: faults elements pacs.008/009 do not have there, screens every text not read.
  // `unparsed`: below an element that is a fault already, whose text is screened as unparsed.
  void Sweep(const pugi::xml_node& node, bool unparsed);
  void SweepAttributes(const pugi::xml_node& element);
  void SweepCode(const pugi::xml_node& element);
  void CheckCurrency(const pugi::xml_node& element, std::string_view code);
  void CheckAmount(const pugi::xml_node& element, std::string_view ccy);
  void OutsideTheRoot(const pugi::xml_node& text);
  void AddUnread(const pugi::xml_node& n, std::string value, bool unparsed);
  // Walks `node`'s children: parties and agents are extracted, free text collected, the rest
  // searched. `field` is the path below the transaction, `full` the path from Document.
  void Walk(const pugi::xml_node& node, const std::string& field, const std::string& full, bool underlying);
  void ExtractParty(const pugi::xml_node& node, const std::string& field, const std::string& full, bool underlying,
                    const std::string& role_prefix = "");
  void AddBranch(const pugi::xml_node& holder, const std::string& field, const std::string& full, const std::string& role);
  // `rel` is the path from the party element to `fi` or `node` ("FinInstnId", "FIId/FinInstnId").
  void ExtractInstitution(const pugi::xml_node& fi, const std::string& base, const std::string& rel, Party& p);
  void ExtractOrgOrPerson(const pugi::xml_node& node, const std::string& full, const std::string& rel, Party& p);
  void ReadHeader(const pugi::xml_node& header);
  void ReadHeaderSides(const pugi::xml_node& parent, const std::string& path, const std::string& prefix);
  void ReadOlderHeader(const pugi::xml_node& header);
  void ReadIds(const pugi::xml_node& parent, Party& p);
  std::string Bic(const pugi::xml_node& n, const std::string& path);
  std::string Lei(const pugi::xml_node& n, const std::string& path);
  void Address(const pugi::xml_node& adr, const std::string& full, Party& p);
  std::string Country(const pugi::xml_node& n, const std::string& full, Party* p);
  void CheckCountryOfToday(const pugi::xml_node& n, const std::string& path, std::string_view code);
  void AddText(const pugi::xml_node& node, const std::string& field);
  std::string MessageType(const Landmarks& marks, const std::string& kind);
  void ReadTransactions(const pugi::xml_node& body, const std::string& top, const std::string& kind);
  void CheckTotals(const pugi::xml_node& body, const std::string& top, const std::vector<pugi::xml_node>& txs);
  void SetMessageAmount(const std::vector<pugi::xml_node>& txs);
  void CheckEveryCurrency(const pugi::xml_node& node);
  void RequireParties(const pugi::xml_node& holder, const std::string& full, const std::vector<const char*>& required,
                      const std::string& kind);
  // After an XML error at `offset`: the rest of the text, element by element.
  void Salvage(size_t offset);

  // "CdtTrfTxInf[n]/" for a transaction among several, "" for the only one; numbered once for all
  // siblings, so that naming many fields of many transactions stays linear.
  const std::string& TransactionPrefix(const pugi::xml_node& tx);
  std::string FieldPathOf(const pugi::xml_node& n);

  std::string_view xml_;
  LineIndex lines_;
  PaymentMessage msg_;
  std::vector<std::tuple<std::string, std::string, size_t>> accounts_;  // party field, account, line
  std::unordered_set<pugi::xml_node_struct*> read_;
  std::unordered_map<pugi::xml_node_struct*, std::string> tx_prefixes_;
  std::unordered_set<pugi::xml_node_struct*> wrappers_;  // elements around Document, AppHdr, the body
  std::vector<pugi::xml_node> seconds_;                  // a second Document or body, a fault already
  pugi::xml_node root_;        // the first top-level element; another is no part of the message
  bool check_known_ = false;  // a pacs.008 or pacs.009, whose elements are known
};

}  // namespace embargo::payments::pacs
