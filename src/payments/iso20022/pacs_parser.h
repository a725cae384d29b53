// ISO 20022 parser for pacs.008.001.08 (FIToFICstmrCdtTrf) and pacs.009.001.08 (FICdtTrf, with
// the COV variant's UndrlygCstmrCdtTrf), bare Document or CBPR+ Envelope with AppHdr.
#pragma once

#include <string_view>

#include "embargo/status.h"
#include "payments/message.h"

namespace embargo::payments {

// Extracts every party (Dbtr, Cdtr, UltmtDbtr, UltmtCdtr, InitgPty) and agent (DbtrAgt, CdtrAgt,
// IntrmyAgt1-3, PrvsInstgAgt1-3, InstgAgt, InstdAgt, the reimbursement agents, charges agents,
// AppHdr Fr/To) with name, postal address, BICFI, LEI, clearing member id, private/organisation
// ids, birth date and place, country of residence; and the free text of RmtInf, Purp, RgltryRptg
// and the instructions for agents. Party fields are paths below CdtTrfTxInf ("Dbtr",
// "UndrlygCstmrCdtTrf/CdtrAgt", "GrpHdr/SttlmInf/InstgRmbrsmntAgt"). Errors name the line and
// element path. Namespace prefixes are ignored. Thread-safe; no state.
StatusOr<PaymentMessage> ParsePacs(std::string_view xml);

}  // namespace embargo::payments
