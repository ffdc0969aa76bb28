// hash_match's admin endpoints: banks as text, in the grammar of ParseHashList (the one
// hash-list parser), written back by WriteHashList so an export imports as it is.
//   GET /v1/admin/banks   POST /v1/admin/banks/{bank}/import   GET /v1/admin/banks/{bank}/export
#include <map>
#include <sstream>

#include "gateway/store/store.h"
#include "plugins/hash_match/bank_records.h"
#include "plugins/hash_match/hash_match.h"

namespace postern::hash_match {

namespace {

constexpr int kExportPage = 5000;

Response BadBank() { return Response::Error(400, "invalid_bank", "bank names use a-z, 0-9, _ and - (at most 64)"); }

}  // namespace

std::vector<AdminRoute> HashMatchCheck::AdminRoutes() {
  ExtensionRecordStore* records = records_;
  if (!records) return {};
  AdminRoute import{"POST", {"banks", "{bank}", "import"}, nullptr};
  import.handle = [records](const Request& req, const std::vector<std::string>& params, const std::string& actor) {
    const std::string& bank = params[0];
    if (!ValidBankName(bank)) return BadBank();
    std::istringstream in(req.body);
    std::vector<BankEntry> entries;
    ImportStats stats;
    Status st = ParseHashList(in, "request body", &entries, &stats);
    if (!st.ok()) return Response::Error(400, "invalid_bank_file", st.message() + "; nothing was imported");
    // A lone unrecognised line parses as a header over no rows: an import of nothing is a mistake.
    if (entries.empty())
      return Response::Error(400, "invalid_bank_file", "the file holds no PDQ hash (64 hex digits per line)");
    std::vector<ExtensionRecord> rows;
    for (const auto& e : entries) rows.push_back(BankRecord(bank, e, ""));
    int added = 0;
    st = records->AppendRecords(kExtensionName, rows, actor, &added);
    if (!st.ok()) return StatusError(st);
    return Response::Json(200, {{"bank", bank}, {"lines", stats.lines}, {"hashes", rows.size()}, {"added", added}});
  };
  AdminRoute export_route{"GET", {"banks", "{bank}", "export"}, nullptr};
  export_route.handle = [records](const Request&, const std::vector<std::string>& params, const std::string&) {
    const std::string& bank = params[0];
    if (!ValidBankName(bank)) return BadBank();
    std::vector<BankEntry> entries;
    int64_t after = 0;
    for (;;) {
      std::vector<ExtensionRecord> page;
      Status st = records->ListRecords(kExtensionName, bank, after, kExportPage, &page);
      if (!st.ok()) return StatusError(st);
      for (const auto& r : page) {
        BankEntry e;
        if (EntryFromRecord(r, &e)) entries.push_back(std::move(e));
        after = r.id;
      }
      if (page.size() < static_cast<size_t>(kExportPage)) break;
    }
    std::ostringstream out;
    out << "# postern hash bank \"" << bank << "\": pdq_hash,quality,note\n";
    WriteHashList(entries, out);
    return Response{200, "text/plain; charset=utf-8", out.str(), {}};
  };
  // Every bank the store holds rows of or the config names, with its mode in this
  // config (null: not matched) and its stored rows (file banks' lines are not counted).
  json configured = json::object();
  for (const auto& b : cfg_.banks) configured[b.name] = BankModeName(b.mode);
  const std::string confirmed = cfg_.confirmed_bank;
  if (!configured.contains(confirmed)) configured[confirmed] = BankModeName(BankMode::kEnabled);  // matched unlisted
  AdminRoute list{"GET", {"banks"}, nullptr};
  list.handle = [records, configured, confirmed](const Request&, const std::vector<std::string>&,
                                                 const std::string&) {
    std::vector<std::pair<std::string, int64_t>> kinds;
    Status st = records->CountRecordsByKind(kExtensionName, &kinds);
    if (!st.ok()) return StatusError(st);
    std::map<std::string, int64_t> rows(kinds.begin(), kinds.end());
    for (const auto& [name, mode] : configured.items()) rows.emplace(name, 0);
    json banks = json::array();
    for (const auto& [name, count] : rows)
      banks.push_back({{"name", name}, {"stored_hashes", count}, {"mode", configured.value(name, json(nullptr))},
                       {"confirmed_bank", name == confirmed}});
    return Response::Json(200, {{"banks", banks}});
  };
  return {list, import, export_route};
}

}  // namespace postern::hash_match
