// pacs.008 (FIToFICstmrCdtTrf) and pacs.009 (FICdtTrf): the message type, the transactions with
// their mandatory parties, settlement amounts, dates and rates, and the group header's totals.
#include "payments/iso20022/pacs_reading.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "common/currencies.h"
#include "common/dates.h"
#include "common/xml_file.h"

namespace embargo::payments::pacs {
namespace {

// A decimal amount ("1500.25") in millionths; nullopt when it is none (or finer than a millionth).
std::optional<__int128> Millionths(std::string_view v) {
  if (v.empty() || v.size() > 40 || v.front() == '.' || v.back() == '.') return std::nullopt;
  __int128 out = 0;
  int decimals = -1;
  for (char c : v) {
    if (c == '.' && decimals < 0) {
      decimals = 0;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    } else if (decimals < 6) {
      out = out * 10 + (c - '0');
      decimals += decimals >= 0;
    } else if (c != '0') {
      return std::nullopt;
    }
  }
  for (int d = std::max(decimals, 0); d < 6; ++d) out *= 10;
  return out;
}

// Millionths as a decimal with two decimals at least ("150.5" -> "150.50").
std::string DecimalText(__int128 millionths) {
  std::string digits;
  for (__int128 v = millionths; v > 0 || digits.size() < 7; v /= 10) digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
  std::string out = digits.substr(0, digits.size() - 6) + "." + digits.substr(digits.size() - 6);
  while (out.size() > out.find('.') + 3 && out.back() == '0') out.pop_back();
  return out;
}

// How many digits a decimal written as digits with an optional '.' and decimals has on each side
// ("250.50": 3 and 2), or nullopt when it is not so written ("250.", ".5", "+250", "1,000.00").
struct DecimalDigits {
  size_t whole = 0, decimals = 0;
};
std::optional<DecimalDigits> ReadDecimalDigits(std::string_view v) {
  const size_t dot = v.find('.');
  const std::string_view whole = v.substr(0, dot), decimals = dot == std::string_view::npos ? "" : v.substr(dot + 1);
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  };
  if (!digits(whole) || (dot != std::string_view::npos && !digits(decimals))) return std::nullopt;
  return DecimalDigits{whole.size(), decimals.size()};
}

// Why `v` is no ISO 20022 amount in `ccy` (ActiveOrHistoricCurrencyAndAmount: digits with an
// optional '.' and decimals, 18 digits and 5 decimals at most, and ISO 4217's decimals for the
// currency), or "" when it is one. xs:decimal's "250." and ".5" are refused: fail closed.
std::string AmountFault(std::string_view v, std::string_view ccy) {
  const std::optional<DecimalDigits> d = ReadDecimalDigits(v);
  if (!d || d->whole + d->decimals > 18 || (d->decimals > 5 && CurrencyMinorUnits(ccy) < 0))
    return "'" + std::string(v) + "' is not an ISO 20022 amount (digits, a '.' and decimals if any: 18 digits, 5 decimals at most)";
  if (int allowed = CurrencyMinorUnits(ccy); allowed >= 0 && d->decimals > static_cast<size_t>(allowed))
    return "'" + std::string(v) + "' has more decimals than " + std::string(ccy) + " has (" + std::to_string(allowed) + ", ISO 4217)";
  return "";
}

// Whether `v` is an exchange rate (BaseOneRate: digits with an optional '.' and decimals, 11
// digits and 10 decimals at most).
bool IsBaseOneRate(std::string_view v) {
  const std::optional<DecimalDigits> d = ReadDecimalDigits(v);
  return d && d->whole + d->decimals <= 11 && d->decimals <= 10;
}

// The transactions' settlement amounts added up, and the currencies they are in; nullopt when one
// is no decimal amount (a fault of its own).
struct Settlement {
  __int128 sum = 0;
  std::set<std::string> currencies;
};
std::optional<Settlement> SettlementOf(const std::vector<pugi::xml_node>& txs) {
  Settlement out;
  for (const pugi::xml_node& tx : txs) {
    pugi::xml_node amt = Child(tx, "IntrBkSttlmAmt");
    std::optional<__int128> v = Millionths(ValueOf(amt));
    if (!v) return std::nullopt;
    out.sum += *v;
    out.currencies.insert(amt.attribute("Ccy").value());
  }
  return out;
}

}  // namespace

// An amount's Ccy attribute or an account's Ccy: an ISO 4217 code, or the amount is in a currency
// nobody knows ("usd", "XYZ", "RUR " with a space): a fault naming the element.
void PacsParser::CheckCurrency(const pugi::xml_node& element, std::string_view code) {
  if (IsIsoCurrency(code)) msg_.currencies.emplace_back(FieldPathOf(element), code);
  else Fault(element, PathOf(element), "Ccy '" + std::string(code) + "' is not an ISO 4217 currency code");
}

// Every element with a Ccy is an amount (settlement, instructed, charges, totals, remittance's).
void PacsParser::CheckAmount(const pugi::xml_node& element, std::string_view ccy) {
  if (std::string why = AmountFault(ValueOf(element), ccy); !why.empty()) Fault(element, PathOf(element), why);
}

std::string PacsParser::MessageType(const Landmarks& marks, const std::string& kind) {
  // The namespace of the Document (or of an element around the body), else AppHdr's MsgDefIdr.
  std::string def;
  for (pugi::xml_node n = marks.body; n && def.empty(); n = n.parent())
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      std::string_view v = a.value();
      size_t p = v.find("xsd:");
      if (std::string_view(a.name()).starts_with("xmlns") && p != std::string_view::npos &&
          v.substr(p + 4, 5) == "pacs.")  // not the header's head.001 declared on a wrapper
        def = v.substr(p + 4);
    }
  if (def.empty() && marks.header) def = ChildText(marks.header, "MsgDefIdr");
  if (!def.starts_with(kind)) {
    std::string body_name(LocalName(marks.body));
    if (!def.empty())
      msg_.warnings.push_back("message identifier '" + def + "' does not match the " + body_name + " element; read as " + kind);
    else
      msg_.warnings.push_back("no namespace or message identifier names the message; read as " + kind + ".001.08");
    return kind + ".001.08";
  }
  if (def != kind + ".001.08") msg_.warnings.push_back("read " + def + " as " + kind + ".001.08");
  return def;
}

void PacsParser::ReadTransactions(const pugi::xml_node& body, const std::string& top, const std::string& kind) {
  std::vector<pugi::xml_node> txs;
  for (pugi::xml_node c = body.first_child(); c; c = c.next_sibling())
    if (LocalName(c) == "CdtTrfTxInf") txs.push_back(c);
  if (txs.empty()) Fault(body, top + "/CdtTrfTxInf", "missing: a message needs at least one transaction");
  for (size_t i = 0; i < txs.size(); ++i) {
    const pugi::xml_node& tx = txs[i];
    const std::string& prefix = TransactionPrefix(tx);  // "CdtTrfTxInf[n]/" among several
    std::string field = prefix.empty() ? "" : prefix.substr(0, prefix.size() - 1);
    std::string full = top + "/" + (field.empty() ? "CdtTrfTxInf" : field);
    pugi::xml_node amt = Child(tx, "IntrBkSttlmAmt");
    std::string value = Text(amt);
    // The currency's code and the amount with one are checked with every Ccy (SweepAttributes).
    if (!amt || !amt.attribute("Ccy"))
      Fault(amt ? amt : tx, full + "/IntrBkSttlmAmt",
            amt ? "expected a decimal amount with a Ccy attribute, found '" + value + "' and no Ccy"
                : "missing interbank settlement amount");
    if (i == 0) {
      msg_.value_date = ChildText(tx, "IntrBkSttlmDt");
      msg_.uetr = ChildText(Child(tx, "PmtId"), "UETR");
    }
    msg_.uetrs.push_back(ChildText(Child(tx, "PmtId"), "UETR"));
    const pugi::xml_node date = Child(tx, "IntrBkSttlmDt");
    if (date && !(Text(date).size() == 10 && IsPaymentDate(Text(date))))  // an ISODate, YYYY-MM-DD
      Fault(date, full + "/IntrBkSttlmDt", "'" + Text(date) + "' is no date (YYYY-MM-DD)");
    if (const pugi::xml_node rate = Child(tx, "XchgRate"); rate && !IsBaseOneRate(Text(rate)))
      Fault(rate, full + "/XchgRate", "'" + Text(rate) + "' is no exchange rate (digits, a '.' and decimals: 11 digits at most)");
    // The schemas' mandatory parties and agents: pacs.008's transaction and pacs.009's underlying
    // customer transfer name the debtor, the creditor and both their banks; pacs.009's own
    // transaction only the banks debited and credited (its DbtrAgt and CdtrAgt are optional).
    const std::vector<const char*> customer = {"Dbtr", "DbtrAgt", "CdtrAgt", "Cdtr"}, banks = {"Dbtr", "Cdtr"};
    RequireParties(tx, full, kind == "pacs.008" ? customer : banks, kind);
    if (pugi::xml_node u = Child(tx, "UndrlygCstmrCdtTrf")) RequireParties(u, full + "/UndrlygCstmrCdtTrf", customer, kind);
    Walk(tx, field, full, false);
  }
  CheckTotals(body, top, txs);
  SetMessageAmount(txs);
}

// Each of `required` below `holder` must be there: one missing leaves who pays or is paid, or the
// banks the money moves through, unknown. One there but empty is a fault of ExtractParty's.
void PacsParser::RequireParties(const pugi::xml_node& holder, const std::string& full,
                                const std::vector<const char*>& required, const std::string& kind) {
  for (const char* name : required)
    if (!Child(holder, name)) Fault(holder, full + "/" + name, "missing (mandatory in " + kind + ")");
}

// The message's currency and amount are those of all its transactions: the only one's as written,
// several's sum when they settle in one currency. Transactions in different currencies leave both
// empty (each is in `currencies`): the first one's figure is not the message's.
void PacsParser::SetMessageAmount(const std::vector<pugi::xml_node>& txs) {
  std::optional<Settlement> s = SettlementOf(txs);
  if (!s || s->currencies.size() != 1 || !IsIsoCurrency(*s->currencies.begin())) return;
  msg_.currency = *s->currencies.begin();
  msg_.amount = txs.size() == 1 ? ValueOf(Child(txs[0], "IntrBkSttlmAmt")) : DecimalText(s->sum);
}

// The group header's count of transactions (NbOfTxs) and their sums (CtrlSum, TtlIntrBkSttlmAmt)
// against the transactions the message holds: a message cut off or with transactions taken out
// disagrees with them, a fault naming the element.
void PacsParser::CheckTotals(const pugi::xml_node& body, const std::string& top, const std::vector<pugi::xml_node>& txs) {
  pugi::xml_node grp = Child(body, "GrpHdr");
  std::string path = top + "/GrpHdr/";
  if (pugi::xml_node n = Child(grp, "NbOfTxs")) {
    std::string v = ValueOf(n);
    if (v != std::to_string(txs.size()))
      Fault(n, path + "NbOfTxs", "gives " + std::string(v.empty() ? "no" : "'" + v + "'") + " as the number of transactions, the message holds " +
                                     std::to_string(txs.size()) + " (cut off or altered)");
  }
  std::optional<Settlement> settled = SettlementOf(txs);
  if (!settled) return;  // an amount that is none is a fault of its own: the sum cannot be checked
  const auto& [sum, currencies] = *settled;
  for (const char* name : {"CtrlSum", "TtlIntrBkSttlmAmt"}) {
    pugi::xml_node n = Child(grp, name);
    if (!n) continue;
    std::string v = ValueOf(n);
    std::optional<__int128> given = Millionths(v);
    bool other_ccy = name[0] == 'T' && (currencies.size() != 1 || *currencies.begin() != n.attribute("Ccy").value());
    if (!given || *given != sum || other_ccy)
      Fault(n, path + name, "'" + v + "' " + (other_ccy ? "is in another currency than" : "is not the sum of") +
                                " the transactions' settlement amounts (" + DecimalText(sum) + " in " +
                                std::to_string(txs.size()) + " transaction" + (txs.size() == 1 ? "" : "s") + ")");
  }
}

}  // namespace embargo::payments::pacs
