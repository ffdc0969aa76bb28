// Admin endpoints: effective plugin chain, config reload, audit log.
#include "gateway/app/gateway.h"
#include "gateway/base/util.h"

namespace postern {

json DeliveryToJson(const DeliveryRecord& d) {
  return {{"id", d.id}, {"share_id", d.share_id}, {"destination", d.destination}, {"status", d.status},
          {"attempts", d.attempts}, {"last_error", d.last_error}, {"remote_id", d.remote_id},
          {"url", d.url}, {"next_attempt_at", IsoTime(d.next_attempt_at)},
          {"updated_at", IsoTime(d.updated_at)}};
}

Response Gateway::HandleAdmin(const Request& req, const std::vector<std::string>& parts,
                              const std::string& actor) {
  const size_t n = parts.size();
  if (n == 3 && parts[2] == "plugins" && req.method == "GET") {
    auto rt = runtime();
    json connectors = json::array();
    for (const auto& c : rt->config.connectors)
      connectors.push_back({{"name", c.name}, {"enabled", c.enabled}});
    return Response::Json(200, {{"config_hash", rt->config.hash},
                                {"plugins", rt->pipeline->Describe()},
                                {"connectors", connectors}});
  }
  if (n == 3 && parts[2] == "reload" && req.method == "POST") {
    std::vector<std::string> errors;
    Status st = Reload(&errors);
    store_->Audit(actor, st.ok() ? "config.reload" : "config.reload_rejected", config().path,
                  {{"errors", errors}});
    if (!st.ok()) return Response::Error(400, "invalid_config", st.message(), errors);
    return Response::Json(200, {{"status", "reloaded"}, {"config_hash", config().hash}});
  }
  if (n == 3 && parts[2] == "deliveries" && req.method == "GET") {
    std::string status = req.query.count("status") ? req.query.at("status") : "dead";
    if (status != "dead" && status != "pending" && status != "delivered")
      return Response::Error(400, "invalid_parameter", "status must be dead, pending or delivered");
    bool ok;
    int limit = ParseLimit(req, 100, 1000, &ok);
    if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 1000");
    std::vector<DeliveryRecord> list;
    Status st = store_->ListDeliveries(status, limit, &list);
    if (!st.ok()) return StoreError(st);
    json items = json::array();
    for (const auto& d : list) items.push_back(DeliveryToJson(d));
    return Response::Json(200, {{"items", items}});
  }
  if (n == 5 && parts[2] == "deliveries" && parts[4] == "retry" && req.method == "POST") {
    Status st = store_->RetryDelivery(parts[3], actor);
    if (st.code() == StatusCode::kNotDead) return Response::Error(409, "not_dead", st.message());
    if (!st.ok()) return StoreError(st);
    delivery_->Notify();
    return Response::Json(200, {{"id", parts[3]}, {"status", "pending"}});
  }
  if (n >= 4 && parts[2] == "banks") return HandleBanks(req, parts, actor);
  if (n == 3 && parts[2] == "audit" && req.method == "GET") {
    bool ok;
    int limit = ParseLimit(req, 100, 1000, &ok);
    if (!ok) return Response::Error(400, "invalid_parameter", "limit must be an integer from 1 to 1000");
    std::vector<json> entries;
    Status st = store_->ListAudit(limit, &entries);
    if (!st.ok()) return StoreError(st);
    return Response::Json(200, {{"items", entries}});
  }
  return Response::Error(404, "not_found", "no such endpoint: " + req.method + " " + req.path);
}

}  // namespace postern

namespace postern {

// Hash banks as text: one hex PDQ hash per line, optional fields after it (quality,
// note) separated by commas, tabs or spaces, so lists from other tools load as they are.
Response Gateway::HandleBanks(const Request& req, const std::vector<std::string>& parts,
                              const std::string& actor) {
  if (parts.size() != 5) return Response::Error(404, "not_found", "no such endpoint: " + req.path);
  const std::string& bank = parts[3];
  if (bank.empty() || bank.size() > 64 ||
      bank.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
    return Response::Error(400, "invalid_bank", "bank names use a-z, 0-9, _ and -");
  if (parts[4] == "export" && req.method == "GET") {
    std::string text = "# postern hash bank \"" + bank + "\": pdq_hash,quality,note\n";
    int64_t after = 0;
    for (;;) {
      std::vector<BankedHash> rows;
      Status st = store_->ListBankedHashes(bank, after, 5000, &rows);
      if (!st.ok()) return StoreError(st);
      for (const auto& r : rows) text += r.hash + "," + std::to_string(r.quality) + "," + r.note + "\n";
      if (rows.size() < 5000) break;
      after = rows.back().id;
    }
    return Response{200, "text/plain; charset=utf-8", text, {}};
  }
  if (parts[4] == "import" && req.method == "POST") {
    std::vector<BankedHash> rows;
    json errors = json::array();
    size_t start = 0;
    int line_no = 0;
    while (start < req.body.size()) {
      size_t end = req.body.find('\n', start);
      if (end == std::string::npos) end = req.body.size();
      std::string line = req.body.substr(start, end - start);
      start = end + 1;
      ++line_no;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> fields;
      std::string cur;
      for (char ch : line) {
        if (ch == ',' || ch == '\t' || ch == ' ') { fields.push_back(cur); cur.clear(); }
        else cur += ch;
      }
      fields.push_back(cur);
      std::string hash = fields[0];
      for (auto& ch : hash) ch = static_cast<char>(tolower(ch));
      if (hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
        if (errors.size() < 20) errors.push_back("line " + std::to_string(line_no) + ": not a 64-hex-digit hash");
        continue;
      }
      BankedHash r;
      r.bank = bank;
      r.hash = hash;
      r.quality = 100;  // lists without a quality are trusted as given
      if (fields.size() > 1 && !fields[1].empty() &&
          fields[1].find_first_not_of("0123456789") == std::string::npos && fields[1].size() <= 3)
        r.quality = std::stoi(fields[1]);
      for (size_t i = 2; i < fields.size(); ++i) r.note += (r.note.empty() ? "" : " ") + fields[i];
      rows.push_back(std::move(r));
    }
    if (!errors.empty())
      return Response::Error(400, "invalid_bank_file", "the file has malformed lines; nothing was imported", errors);
    int added = 0;
    Status st = store_->AddBankedHashes(rows, actor, &added);
    if (!st.ok()) return StoreError(st);
    return Response::Json(200, {{"bank", bank}, {"lines", rows.size()}, {"added", added}});
  }
  return Response::Error(405, "method_not_allowed", req.method + " is not supported on " + req.path);
}

}  // namespace postern
